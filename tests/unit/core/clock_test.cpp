#include "core/clock.hpp"

#include <gtest/gtest.h>

namespace novacrm::core {
namespace {

TEST(ClockTest, NowIsInTheStoredForm) {
  const std::string now = now_rfc3339();
  ASSERT_EQ(now.size(), 24U);
  EXPECT_EQ(parse_time_bound(now), now);
}

TEST(ClockTest, TimeBoundsAreNormalisedToUtcMilliseconds) {
  EXPECT_EQ(parse_time_bound("2026-12-07"), "2026-12-07T00:00:00.000Z");
  EXPECT_EQ(parse_time_bound("2026-12-07T10:00Z"), "2026-12-07T10:00:00.000Z");
  EXPECT_EQ(parse_time_bound("2026-12-07T10:00:05.5Z"), "2026-12-07T10:00:05.500Z");
  EXPECT_EQ(parse_time_bound("2026-12-07T10:00:05.123456z"), "2026-12-07T10:00:05.123Z");
  EXPECT_EQ(parse_time_bound("2026-12-07 00:30:00+01:00"), "2026-12-06T23:30:00.000Z");
  EXPECT_EQ(parse_time_bound("2026-12-31T23:30:00-01:00"), "2027-01-01T00:30:00.000Z");
  EXPECT_EQ(parse_time_bound("2028-02-29"), "2028-02-29T00:00:00.000Z");
}

TEST(ClockTest, WhatIsNotATimeIsRefused) {
  for (const char* bad : {"", "yesterday", "2026-13-01", "2026-02-30", "2027-02-29", "2026-12-7",
                          "2026-12-07T10", "2026-12-07T10:00", "2026-12-07T25:00Z",
                          "2026-12-07T10:61Z", "2026-12-07T10:00:00.Z", "2026-12-07T10:00:00+0100",
                          "2026-12-07T10:00:00Zjunk", "2026-12-07junk", "１９９９-01-01"}) {
    EXPECT_EQ(parse_time_bound(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace novacrm::core
