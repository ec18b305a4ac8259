// Tests for core/date.h: every accepted form, zones, impossible dates, calendar arithmetic.
#include "core/date.h"

#include <gtest/gtest.h>

namespace lede {

static int64_t Unix(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return DaysFromCivil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}

TEST(Date, CivilRoundTrip) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  for (int64_t d = -800000; d < 800000; d += 997) {
    CivilDate c = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
  }
  EXPECT_EQ(DaysInMonth(2020, 2), 29);
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
}

TEST(Date, CoarseForms) {
  auto y = ParseDate("2020");
  ASSERT_TRUE(y);
  EXPECT_EQ(y->precision, DatePrecision::kYear);
  EXPECT_EQ(y->utc, Unix(2020, 1, 1));
  auto m = ParseDate("1994-04");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->precision, DatePrecision::kMonth);
  EXPECT_EQ(FormatDate(*m), "1994-04");
  auto d = ParseDate(" 2020-11-24 ");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc, Unix(2020, 11, 24));
  EXPECT_EQ(FormatDate(*d), "2020-11-24");
}

TEST(Date, IsoWithTimeAndZone) {
  EXPECT_EQ(ParseDate("1987-02-26T15:01:01.790")->utc, Unix(1987, 2, 26, 15, 1, 1));
  EXPECT_EQ(ParseDate("2020-11-24T09:30:00Z")->utc, Unix(2020, 11, 24, 9, 30));
  EXPECT_EQ(ParseDate("2020-11-24T09:30:00+08:00")->utc, Unix(2020, 11, 24, 1, 30));
  EXPECT_EQ(ParseDate("2020-11-24 23:30-0500")->utc, Unix(2020, 11, 25, 4, 30));
  EXPECT_EQ(ParseDate("2020-01-01T00:30+01")->utc, Unix(2019, 12, 31, 23, 30));
  EXPECT_EQ(ParseDate("2020-11-24T09:30")->precision, DatePrecision::kTime);
}

TEST(Date, Rfc2822) {
  EXPECT_EQ(ParseDate("Tue, 24 Nov 2020 09:30:00 +0800")->utc, Unix(2020, 11, 24, 1, 30));
  EXPECT_EQ(ParseDate("24 Nov 2020 09:30 GMT")->utc, Unix(2020, 11, 24, 9, 30));
  EXPECT_EQ(ParseDate("Mon, 2 Nov 1987 12:00:00 EST")->utc, Unix(1987, 11, 2, 17));
  EXPECT_EQ(ParseDate("2 November 1987")->utc, Unix(1987, 11, 2));
}

TEST(Date, RejectsNonsense) {
  for (const char* bad : {"", "yesterday", "2021-02-29", "2020-13-01", "2020-00", "2020-11-24T25:00",
                          "2020-11-24T10:00+99:00", "31 Foo 2020", "2020-11-24 extra", "20201124x"})
    EXPECT_FALSE(ParseDate(bad)) << bad;
  EXPECT_TRUE(ParseDate("2020-02-29"));
}

// Found by tests/fuzz/date.cpp: a zone offset moved these out of the four-digit years, so FormatDate
// printed "-001-12-31 23:00" and "10000-01-01 00:59", which ParseDate does not read back.
TEST(Date, ZoneCannotLeaveTheFourDigitYears) {
  EXPECT_FALSE(ParseDate("0000-01-01T00:00+01:00"));
  EXPECT_FALSE(ParseDate("9999-12-31T23:59-01:00"));
  EXPECT_FALSE(ParseDate("1 Jan 0000 00:30 +0100"));
  EXPECT_EQ(FormatDate(*ParseDate("0000-01-01T01:00+01:00")), "0000-01-01 00:00");
  EXPECT_EQ(FormatDate(*ParseDate("9999-12-31T22:59-01:00")), "9999-12-31 23:59");
  EXPECT_EQ(FormatDate(*ParseDate("0000")), "0000");
}

}  // namespace lede
