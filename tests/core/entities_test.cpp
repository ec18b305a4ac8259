// Tests for core/entities.h: extraction on hand-written sentences (clear-cut cases only: the heuristics
// are tuned on real newswire elsewhere), the entity table (resolution, supplied labels, source setting,
// co-occurrence ranking), the journalist's corrections and their file format, and entity:"Name" search
// resolved through the table.
#include "core/entities.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "core/index.h"
#include "core/search.h"

namespace lede {

namespace {

const EntityExtractor& Extractor() {
  static EntityExtractor ex;  // the gazetteer is parsed once for all tests
  return ex;
}

Article Make(std::string title, std::string text, std::string lang = "en") {
  Article a;
  a.id = "a";
  a.title = std::move(title);
  a.text = std::move(text);
  a.lang = std::move(lang);
  return a;
}

// name -> type of every mention in an article.
std::multiset<std::pair<std::string, std::string>> Found(const Article& a) {
  std::multiset<std::pair<std::string, std::string>> out;
  for (const Mention& m : Extractor().Extract(a).mentions) out.insert({m.name, EntityTypeName(m.type)});
  return out;
}

bool Has(const Article& a, const std::string& name, const std::string& type) {
  return Found(a).count({name, type}) > 0;
}

std::string Dump(const Article& a) {
  std::string s;
  for (auto& [n, t] : Found(a)) s += n + " (" + t + "); ";
  return s;
}

Corpus CorpusOf(std::vector<Article> articles) {
  Corpus c;
  int n = 0;
  for (Article& a : articles) {
    if (a.id == "a") a.id = "d" + std::to_string(n);
    a.date = *ParseDate("2020-01-" + std::string(n < 9 ? "0" : "") + std::to_string(n + 1));
    ++n;
    c.articles.push_back(std::move(a));
  }
  return c;
}

std::vector<ArticleMentions> ExtractAll(const Corpus& c) {
  std::vector<ArticleMentions> m;
  for (const Article& a : c.articles) m.push_back(Extractor().Extract(a));
  Extractor().Harmonize(&m);
  return m;
}

Article WithLabels(std::string text, std::vector<std::pair<std::string, EntityType>> labels) {
  Article a = Make("", std::move(text));
  for (auto& [name, type] : labels) a.entities.push_back({name, type, ""});
  return a;
}

}  // namespace

// ---- extraction --------------------------------------------------------------------------------------

TEST(Extract, TitlesAndHonorificsMakePeople) {
  const Article a = Make("", "Chancellor Angela Merkel met Dr. Maria Lopez in Berlin on Monday.");
  EXPECT_TRUE(Has(a, "Angela Merkel", "person")) << Dump(a);
  EXPECT_TRUE(Has(a, "Maria Lopez", "person")) << Dump(a);
  EXPECT_TRUE(Has(a, "Berlin", "place")) << Dump(a);
}

TEST(Extract, OrganizationSuffixes) {
  const Article a = Make("", "Shares of Acme Holdings Inc rose after Globex Corporation agreed to buy it. "
                             "The Ministry of Finance said it would review the deal with Stanford University.");
  EXPECT_TRUE(Has(a, "Acme Holdings Inc", "organization")) << Dump(a);
  EXPECT_TRUE(Has(a, "Globex Corporation", "organization")) << Dump(a);
  EXPECT_TRUE(Has(a, "Ministry of Finance", "organization")) << Dump(a);
  EXPECT_TRUE(Has(a, "Stanford University", "organization")) << Dump(a);
}

TEST(Extract, PlacesAfterInAtFrom) {
  const Article a = Make("", "The minister arrived from Nairobi and later spoke at a hall in Madrid.");
  EXPECT_TRUE(Has(a, "Nairobi", "place")) << Dump(a);
  EXPECT_TRUE(Has(a, "Madrid", "place")) << Dump(a);
  EXPECT_EQ(Extractor().CountryOf("Nairobi"), "KE");
}

TEST(Extract, AllCapsHeadline) {
  const Article a = Make("BRAZIL SUSPENDS DEBT PAYMENTS TO BANKS", "");
  EXPECT_TRUE(Has(a, "Brazil", "place")) << Dump(a);
  for (auto& [n, t] : Found(a)) EXPECT_NE(n, "SUSPENDS") << "a headline's capitals are not all names";
}

TEST(Extract, PossessiveIsNotPartOfTheName) {
  const Article a = Make("", "Profits rose. Microsoft's chief executive Satya Nadella said the company was pleased.");
  EXPECT_TRUE(Has(a, "Microsoft", "organization")) << Dump(a);
  EXPECT_TRUE(Has(a, "Satya Nadella", "person")) << Dump(a);
  const auto m = Extractor().Extract(a).mentions;
  for (const Mention& x : m)
    if (x.name == "Microsoft") {
      EXPECT_EQ(a.text.substr(x.start, x.end - x.start), "Microsoft") << "the span stops before 's";
    }
}

TEST(Extract, CoordinatedPlaces) {
  const Article a = Make("", "Delegates from Serbia, UAE, Rwanda and Peru voted against the resolution.");
  EXPECT_TRUE(Has(a, "Serbia", "place")) << Dump(a);
  EXPECT_TRUE(Has(a, "United Arab Emirates", "place")) << "UAE is the country's alias: " << Dump(a);
  EXPECT_TRUE(Has(a, "Rwanda", "place")) << Dump(a);
  EXPECT_TRUE(Has(a, "Peru", "place")) << Dump(a);
}

TEST(Extract, SurnameAfterTheFullNameResolvesToIt) {
  const Article a = Make("", "Finance minister Pedro Malan said on Tuesday that the plan would work. Malan added that "
                             "talks would continue.");
  const auto m = Extractor().Extract(a).mentions;
  int full = 0;
  for (const Mention& x : m) full += x.name == "Pedro Malan";
  EXPECT_EQ(full, 2) << "the later \"Malan\" takes the full name: " << Dump(a);
}

TEST(Extract, UsVariantsAreOneCountry) {
  EXPECT_EQ(Extractor().Canonical("U.S."), "United States");
  EXPECT_EQ(Extractor().Canonical("US"), "United States");
  EXPECT_EQ(Extractor().Canonical("United States"), "United States");
  const Corpus c = CorpusOf({Make("", "Exports from the U.S. rose sharply."), Make("", "Imports into the US fell."),
                             Make("", "The United States is a large market.")});
  EntityTable t;
  t.Build(c, ExtractAll(c), EntitySource::kExtracted, {}, &Extractor());
  const int us = t.Find("United States");
  ASSERT_GE(us, 0);
  EXPECT_EQ(t.Find("U.S."), us);
  EXPECT_EQ(t.Find("us"), us);
  EXPECT_EQ(t.entities[size_t(us)].docs, (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(t.entities[size_t(us)].type, EntityType::kPlace);
}

TEST(Extract, ChineseNamesPlacesAndCompanies) {
  const Article a = Make("互联网大会", "国家主席习近平在北京会见了腾讯公司董事会主席马化腾。", "zh");
  EXPECT_TRUE(Has(a, "习近平", "person")) << Dump(a);
  EXPECT_TRUE(Has(a, "北京", "place")) << Dump(a);
  EXPECT_TRUE(Has(a, "腾讯公司", "organization")) << Dump(a);
  EXPECT_TRUE(Has(a, "马化腾", "person")) << Dump(a);
  for (const Mention& x : Extractor().Extract(a).mentions) {
    const std::string& field = x.in_title ? a.title : a.text;
    ASSERT_LE(x.end, field.size());
    EXPECT_EQ(field.substr(x.start, x.end - x.start), x.name) << "byte offsets fall on the name";
  }
}

// ---- the table ---------------------------------------------------------------------------------------

TEST(Table, SuppliedLabelsMergeWithExtractedNames) {
  Corpus c = CorpusOf({WithLabels("Treasury Secretary James Baker said growth would slow.", {{"james-baker", EntityType::kPerson}}),
                       WithLabels("Markets were calm.", {{"opec", EntityType::kOrganization}})});
  EntityTable t;
  t.Build(c, ExtractAll(c), EntitySource::kBoth, {}, &Extractor());
  const int baker = t.Find("James Baker");
  ASSERT_GE(baker, 0);
  EXPECT_TRUE(t.entities[size_t(baker)].supplied);
  EXPECT_TRUE(t.entities[size_t(baker)].extracted);
  EXPECT_EQ(t.entities[size_t(baker)].type, EntityType::kPerson);
  EXPECT_EQ(t.Find("james-baker"), baker) << "the corpus's code is an alias";
  const int opec = t.Find("OPEC");
  ASSERT_GE(opec, 0);
  EXPECT_TRUE(t.entities[size_t(opec)].supplied);
  EXPECT_FALSE(t.entities[size_t(opec)].extracted);
}

TEST(Table, SourceSettingChoosesLabelsTextOrBoth) {
  Corpus c = CorpusOf({WithLabels("Chancellor Angela Merkel spoke in Berlin.", {{"opec", EntityType::kOrganization}})});
  const auto m = ExtractAll(c);
  auto listed = [&](EntitySource s, const char* name) {
    EntityTable t;
    t.Build(c, m, s, {}, &Extractor());
    const int id = t.Find(name);
    return id >= 0 && !t.entities[size_t(id)].docs.empty();
  };
  EXPECT_TRUE(listed(EntitySource::kBoth, "OPEC"));
  EXPECT_TRUE(listed(EntitySource::kBoth, "Angela Merkel"));
  EXPECT_TRUE(listed(EntitySource::kSupplied, "OPEC"));
  EXPECT_FALSE(listed(EntitySource::kSupplied, "Angela Merkel"));
  EXPECT_FALSE(listed(EntitySource::kExtracted, "OPEC"));
  EXPECT_TRUE(listed(EntitySource::kExtracted, "Angela Merkel"));
  EntitySource s;
  ASSERT_TRUE(ParseEntitySource("supplied", &s));
  EXPECT_EQ(s, EntitySource::kSupplied);
  EXPECT_FALSE(ParseEntitySource("all", &s));
}

TEST(Table, CooccurrencePrefersASpecificPartnerOverAFrequentOne) {
  // "Qi Xiaoxia" appears in 5 articles, always with "Wuzhen" (which appears nowhere else) and with the
  // "United States", which is named in 40 of 50 articles. Counting together-ness alone would rank the
  // United States first (5 vs 5, and it is everywhere); the log-likelihood ratio ranks Wuzhen first.
  std::vector<Article> arts;
  for (int i = 0; i < 50; ++i) {
    std::vector<std::pair<std::string, EntityType>> labels;
    if (i < 5) labels = {{"Qi Xiaoxia", EntityType::kPerson}, {"Wuzhen", EntityType::kPlace}};
    if (i < 40) labels.push_back({"United States", EntityType::kPlace});
    if (i >= 40) labels.push_back({"Kenya", EntityType::kPlace});
    arts.push_back(WithLabels("text", labels));
  }
  Corpus c = CorpusOf(std::move(arts));
  EntityTable t;
  t.Build(c, {}, EntitySource::kSupplied, {}, &Extractor());
  const int qi = t.Find("Qi Xiaoxia");
  ASSERT_GE(qi, 0);
  const auto co = t.Cooccurring(uint32_t(qi), 5);
  ASSERT_FALSE(co.empty());
  EXPECT_EQ(t.entities[co[0].entity].name, "Wuzhen");
  EXPECT_EQ(co[0].together, 5u);
  for (const auto& x : co) EXPECT_NE(t.entities[x.entity].name, "Kenya") << "never together: not associated";
  for (size_t i = 1; i < co.size(); ++i) EXPECT_GE(co[i - 1].score, co[i].score);
}

// ---- corrections -------------------------------------------------------------------------------------

Corpus CorrectionsCorpus() {
  return CorpusOf({WithLabels("a", {{"Qi Xiaoxia", EntityType::kPerson}, {"WIC", EntityType::kOrganization}}),
                   WithLabels("b", {{"Qi", EntityType::kPerson}, {"Wuzhen", EntityType::kOther}}),
                   WithLabels("c", {{"Internet", EntityType::kOther}, {"WIC", EntityType::kOrganization}})});
}

Correction Op(Correction::Op op, std::string name, std::string target = "", EntityType type = EntityType::kOther) {
  Correction c;
  c.op = op;
  c.name = std::move(name);
  c.target = std::move(target);
  c.type = type;
  return c;
}

TEST(Corrections, ReplayMergeRenameTypeHideShow) {
  const Corpus c = CorrectionsCorpus();
  Corrections corr;
  corr.ops = {Op(Correction::Op::kMerge, "qi", "Qi Xiaoxia"), Op(Correction::Op::kRename, "WIC", "World Internet Conference"),
              Op(Correction::Op::kType, "Wuzhen", "", EntityType::kPlace), Op(Correction::Op::kHide, "Internet")};
  EntityTable t;
  t.Build(c, {}, EntitySource::kSupplied, corr, &Extractor());
  const int qi = t.Find("Qi Xiaoxia");
  ASSERT_GE(qi, 0);
  EXPECT_EQ(t.Find("Qi"), qi) << "merged away: the name resolves to the entity it went into";
  EXPECT_EQ(t.entities[size_t(qi)].docs, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(t.entities[size_t(qi)].name, "Qi Xiaoxia");
  const int wic = t.Find("World Internet Conference");
  ASSERT_GE(wic, 0);
  EXPECT_EQ(t.entities[size_t(wic)].name, "World Internet Conference");
  EXPECT_EQ(t.Find("WIC"), wic) << "the old name stays an alias";
  EXPECT_EQ(t.entities[size_t(wic)].docs, (std::vector<uint32_t>{0, 2}));
  EXPECT_EQ(t.entities[size_t(t.Find("Wuzhen"))].type, EntityType::kPlace);
  EXPECT_TRUE(t.entities[size_t(t.Find("Internet"))].hidden);
  for (const auto& x : t.Cooccurring(uint32_t(wic), 10)) EXPECT_NE(t.entities[x.entity].name, "Internet") << "hidden";

  // Later ops see earlier ones: show takes the hide back, a renamed entity is found by its new name.
  corr.ops.push_back(Op(Correction::Op::kShow, "internet"));
  corr.ops.push_back(Op(Correction::Op::kType, "World Internet Conference", "", EntityType::kOther));
  t.Build(c, {}, EntitySource::kSupplied, corr, &Extractor());
  EXPECT_FALSE(t.entities[size_t(t.Find("Internet"))].hidden);
  EXPECT_EQ(t.entities[size_t(t.Find("WIC"))].type, EntityType::kOther);
  // Ops naming entities this corpus does not have are ignored, not errors.
  corr.ops.push_back(Op(Correction::Op::kHide, "Nobody Here"));
  t.Build(c, {}, EntitySource::kSupplied, corr, &Extractor());
  EXPECT_EQ(t.entities.size(), 4u);
}

TEST(Corrections, FileRoundTripsAndErrorsSayWhere) {
  Corrections corr;
  corr.ops = {Op(Correction::Op::kMerge, "Qi", "Qi Xiaoxia"), Op(Correction::Op::kRename, "WIC", "World \"Internet\" Conference"),
              Op(Correction::Op::kType, "Wuzhen", "", EntityType::kPlace), Op(Correction::Op::kHide, "习近平"),
              Op(Correction::Op::kShow, "Internet")};
  const std::string text = FormatCorrections(corr);
  EXPECT_NE(text.find("\"lede_entity_corrections\": 1"), std::string::npos);
  Corrections back;
  std::string error;
  std::vector<std::string> warnings;
  ASSERT_TRUE(ParseCorrections(text, &back, &error, &warnings)) << error;
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(back.ops.size(), corr.ops.size());
  for (size_t i = 0; i < corr.ops.size(); ++i) {
    EXPECT_EQ(back.ops[i].op, corr.ops[i].op);
    EXPECT_EQ(back.ops[i].name, corr.ops[i].name);
    EXPECT_EQ(back.ops[i].target, corr.ops[i].target);
  }
  EXPECT_EQ(back.ops[2].type, EntityType::kPlace);

  EXPECT_FALSE(ParseCorrections("{\"ops\": [", &back, &error));
  EXPECT_NE(error.find("not JSON"), std::string::npos) << error;
  EXPECT_FALSE(ParseCorrections("{\"lede_entity_corrections\": 1}", &back, &error));
  EXPECT_NE(error.find("\"ops\""), std::string::npos) << error;

  warnings.clear();
  ASSERT_TRUE(ParseCorrections(R"({"lede_entity_corrections": 1, "ops": [{"op": "hide", "name": "A"},
      {"op": "merge", "name": "B"}, {"op": "type", "name": "C", "type": "planet"}, {"op": "explode", "name": "D"},
      {"op": "rename", "to": "E"}, {"op": "show", "name": "F"}]})", &back, &error, &warnings)) << error;
  ASSERT_EQ(back.ops.size(), 2u) << "the good ops are kept";
  EXPECT_EQ(back.ops[1].name, "F");
  ASSERT_EQ(warnings.size(), 4u);
  EXPECT_NE(warnings[0].find("ops[1]"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("into"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("ops[2]"), std::string::npos) << warnings[1];
  EXPECT_NE(warnings[2].find("ops[3]"), std::string::npos) << warnings[2];
  EXPECT_NE(warnings[3].find("ops[4]"), std::string::npos) << warnings[3];
}

// The file the app exports (FormatCorrections) is what lede-cli entities --corrections reads, and it
// changes the CLI's output.
TEST(Corrections, TheCliAcceptsTheFileAndAppliesIt) {
  const std::string dir = testing::TempDir();
  const std::string corpus = dir + "/lede_corr_corpus.json", file = dir + "/lede_corr.json", out = dir + "/lede_corr_out.json";
  std::ofstream(corpus) << R"({"articles": [
    {"id": "a", "title": "Talks", "text": "Chancellor Angela Merkel met Qi Xiaoxia in Berlin.", "date": "2020-01-01"},
    {"id": "b", "title": "More talks", "text": "Chancellor Angela Merkel spoke in Berlin again.", "date": "2020-01-02"}]})";
  auto run = [&](const std::string& extra) {
    const std::string cmd = std::string(LEDE_CLI) + " entities " + corpus + " --json" + extra + " > " + out + " 2>/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream in(out);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  const std::string before = run("");
  ASSERT_NE(before.find("\"name\": \"Angela Merkel\""), std::string::npos) << before;
  ASSERT_NE(before.find("\"name\": \"Berlin\""), std::string::npos) << before;
  Corrections corr;
  corr.ops = {Op(Correction::Op::kRename, "Angela Merkel", "Merkel, Angela"), Op(Correction::Op::kHide, "Berlin")};
  std::ofstream(file) << FormatCorrections(corr);
  const std::string after = run(" --corrections " + file);
  EXPECT_EQ(after.find("\"name\": \"Angela Merkel\""), std::string::npos) << after;
  EXPECT_NE(after.find("\"name\": \"Merkel, Angela\""), std::string::npos) << after;
  EXPECT_EQ(after.find("\"name\": \"Berlin\""), std::string::npos) << "hidden entities are not listed: " << after;
  // A broken file is refused with its name and the reason, and no output.
  std::ofstream(file) << "{\"ops\": [";
  const std::string cmd = std::string(LEDE_CLI) + " entities " + corpus + " --corrections " + file + " > " + out + " 2>&1";
  EXPECT_NE(std::system(cmd.c_str()), 0);
  std::ifstream in(out);
  std::stringstream err;
  err << in.rdbuf();
  EXPECT_NE(err.str().find(file), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("not JSON"), std::string::npos) << err.str();
}

// ---- entity:"Name" through the table -----------------------------------------------------------------

TEST(EntitySearch, ResolvesAliasesMergesAndExtractedNames) {
  Corpus c = CorpusOf({Make("Exports", "Exports from the U.S. rose sharply."), Make("Imports", "Imports into the US fell."),
                       Make("Market", "The United States is a large market."), Make("Kenya", "Nairobi was calm."),
                       WithLabels("Qi spoke.", {{"Qi", EntityType::kPerson}}),
                       WithLabels("Qi Xiaoxia spoke.", {{"Qi Xiaoxia", EntityType::kPerson}})});
  Index index;
  index.Build(c);
  const auto mentions = ExtractAll(c);
  EntityTable t;
  t.Build(c, mentions, EntitySource::kBoth, {}, &Extractor());
  auto ids = [&](const std::string& q, const EntityTable* table) {
    SearchOptions o;
    o.all = true;
    o.entities = table;
    std::vector<std::string> out;
    for (const Hit& h : Search(index, q, o).hits) out.push_back(c.articles[h.doc].id);
    std::sort(out.begin(), out.end());
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids("entity:\"United States\"", &t), (V{"d0", "d1", "d2"}));
  EXPECT_EQ(ids("entity:U.S.", &t), (V{"d0", "d1", "d2"}));
  EXPECT_EQ(ids("entity:\"Nairobi\"", &t), (V{"d3"})) << "an extracted name, which no label supplies";
  EXPECT_EQ(ids("entity:\"Nairobi\"", nullptr), V{}) << "without the table only supplied labels match";
  EXPECT_EQ(ids("entity:\"Qi\"", &t), (V{"d4"}));
  EXPECT_EQ(ids("entity:\"United States\" exports", &t), (V{"d0"})) << "with words: the fast path filters too";
  Corrections corr;
  corr.ops = {Op(Correction::Op::kMerge, "Qi", "Qi Xiaoxia")};
  t.Build(c, mentions, EntitySource::kBoth, corr, &Extractor());
  EXPECT_EQ(ids("entity:\"Qi\"", &t), (V{"d4", "d5"}));
  EXPECT_EQ(ids("entity:\"Qi Xiaoxia\"", &t), (V{"d4", "d5"}));
  EXPECT_EQ(ids("entity:\"Nobody\"", &t), V{});
}

}  // namespace lede

namespace lede {

// ---- newswire patterns and the --mentions contract ---------------------------------------------------

TEST(Extract, NewswireLayout) {
  // A dateline, a results line, a sign-off: layout, not prose.
  const Article a = Make("", "AL-AIN , United Arab Emirates 1996-12-06\n"
                             "Leeds 2 Arsenal 1\n"
                             "Japan began the defence of its title in Britain on Friday. REUTER");
  EXPECT_TRUE(Has(a, "Al-Ain", "place")) << "a dateline's capitals shown as a name: " << Dump(a);
  EXPECT_TRUE(Has(a, "United Arab Emirates", "place")) << Dump(a);
  EXPECT_TRUE(Has(a, "Leeds", "organization")) << "teams in a results line: " << Dump(a);
  EXPECT_TRUE(Has(a, "Arsenal", "organization")) << Dump(a);
  EXPECT_TRUE(Has(a, "United Kingdom", "place")) << "Britain is the United Kingdom: " << Dump(a);
  for (const auto& [name, type] : Found(a)) {
    EXPECT_NE(name, "REUTER") << "the sign-off is no name";
    EXPECT_NE(name, "Friday") << "weekdays are no names";
  }
}

TEST(Extract, TitlesDescriptionsAndCompanies) {
  const Article a = Make("", "Deputy Emergency Situations Minister Alexander Chupriyan said the search was over. "
                             "General Motors Corp and the First National Bank of Chicago agreed.");
  EXPECT_TRUE(Has(a, "Alexander Chupriyan", "person")) << Dump(a);
  EXPECT_TRUE(Has(a, "General Motors Corp", "organization")) << "General is no title here: " << Dump(a);
  EXPECT_TRUE(Has(a, "First National Bank of Chicago", "organization")) << Dump(a);
}

// What `lede-cli entities CORPUS --mentions` promises: one JSON line per article, in corpus order, whose
// mentions are byte ranges of the article's text (on character boundaries) with a type and a name.
TEST(Cli, MentionsAreByteRangesOfTheText) {
  const std::string corpus = std::string(LEDE_SOURCE_DIR) + "/assets/corpus.json";
  const std::string out = testing::TempDir() + "/lede_mentions.jsonl";
  const std::string cmd = std::string(LEDE_CLI) + " entities " + corpus + " --mentions > " + out + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  Corpus c;
  LoadReport report;
  ASSERT_TRUE(LoadCorpusFile(corpus, &c, &report));
  std::ifstream in(out);
  std::string line;
  size_t n = 0, mentions = 0;
  bool postel = false, beijing = false;
  while (std::getline(in, line)) {
    ASSERT_LT(n, c.articles.size());
    const Article& a = c.articles[n++];
    // A small reader for the line's own format (no JSON library in the tests' API).
    ASSERT_EQ(line.rfind("{\"id\":\"" + a.id + "\"", 0), 0u) << line.substr(0, 80);
    size_t p = 0;
    while ((p = line.find("{\"end\":", p)) != std::string::npos) {
      const size_t end = std::stoul(line.substr(p + 7));
      const size_t name_at = line.find("\"name\":\"", p) + 8;
      const std::string name = line.substr(name_at, line.find('"', name_at) - name_at);
      const size_t start = std::stoul(line.substr(line.find("\"start\":", p) + 8));
      const size_t type_at = line.find("\"type\":\"", p) + 8;
      const std::string type = line.substr(type_at, line.find('"', type_at) - type_at);
      ASSERT_LT(start, end);
      ASSERT_LE(end, a.text.size()) << a.id;
      EXPECT_NE(static_cast<unsigned char>(a.text[start]) & 0xC0, 0x80u) << "starts inside a character";
      EXPECT_TRUE(end == a.text.size() || (static_cast<unsigned char>(a.text[end]) & 0xC0) != 0x80);
      EntityType t;
      EXPECT_TRUE(ParseEntityType(type, &t)) << type;
      EXPECT_FALSE(name.empty());
      const std::string surface = a.text.substr(start, end - start);
      postel |= surface == "Jon Postel" && type == "person" && name == "Jon Postel";
      beijing |= surface == "北京" && type == "place";
      ++mentions;
      ++p;
    }
  }
  EXPECT_EQ(n, c.articles.size()) << "one line per article";
  EXPECT_GT(mentions, 500u);
  EXPECT_TRUE(postel) << "Jon Postel, a person, at his byte range";
  EXPECT_TRUE(beijing) << "北京, a place, in a Chinese article";
}

}  // namespace lede

namespace lede {

TEST(Extract, MixedScriptMentionsAreInReadingOrder) {
  const Article a = Make("", "马云说，阿里巴巴集团很好。Jack Ma met Tim Cook in Hangzhou on Monday.", "zh");
  const auto m = Extractor().Extract(a).mentions;
  ASSERT_GE(m.size(), 4u) << Dump(a);
  for (size_t i = 1; i < m.size(); ++i)
    if (m[i].in_title == m[i - 1].in_title) {
      EXPECT_LE(m[i - 1].start, m[i].start) << "mention " << i;
    }
  EXPECT_TRUE(Has(a, "马云", "person")) << Dump(a);
}

}  // namespace lede

namespace lede {

// Replaying corrections on the kept preparation gives exactly what a full build gives, however often it
// is done (a merge's alias must not pile up).
TEST(Table, RecorrectEqualsAFullBuild) {
  const Corpus c = CorpusOf({Make("", "Chancellor Angela Merkel met Qi Xiaoxia in Berlin. Qi spoke."),
                             Make("", "Angela Merkel visited Wuzhen, Zhejiang, with Tencent."),
                             Make("", "Tencent Holdings and the U.S. Treasury met in Berlin.")});
  const auto mentions = ExtractAll(c);
  Corrections corr;
  corr.ops = {Op(Correction::Op::kMerge, "Qi Xiaoxia", "Angela Merkel"), Op(Correction::Op::kHide, "Berlin"),
              Op(Correction::Op::kRename, "Tencent", "Tencent Group"), Op(Correction::Op::kType, "Wuzhen", "other")};
  EntityTable fresh;
  fresh.Build(c, mentions, EntitySource::kBoth, corr, &Extractor());
  EntityTable replayed;
  replayed.Build(c, mentions, EntitySource::kBoth, {}, &Extractor());
  ASSERT_TRUE(replayed.Recorrect(c, corr));
  ASSERT_TRUE(replayed.Recorrect(c, corr));  // twice: nothing accumulates
  ASSERT_EQ(fresh.entities.size(), replayed.entities.size());
  for (size_t i = 0; i < fresh.entities.size(); ++i) {
    const Entity &a = fresh.entities[i], &b = replayed.entities[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.type, b.type) << a.name;
    EXPECT_EQ(a.docs, b.docs) << a.name;
    EXPECT_EQ(a.hidden, b.hidden) << a.name;
    EXPECT_EQ(a.aliases, b.aliases) << a.name;
    EXPECT_EQ(a.mentions, b.mentions) << a.name;
  }
  for (uint32_t d = 0; d < c.articles.size(); ++d) EXPECT_EQ(fresh.EntitiesOf(d), replayed.EntitiesOf(d));
  EXPECT_TRUE(fresh.entities[size_t(fresh.Find("Berlin"))].hidden);
  EntityTable empty;
  EXPECT_FALSE(empty.Recorrect(c, corr)) << "no Build yet";
}

}  // namespace lede
