#include "domain/id_number.h"

#include <gtest/gtest.h>

namespace shouhu::domain {
namespace {

// Fictional numbers built in the test: a region code, a birth date, a sequence code, and the
// computed check digit. None belongs to a real person.
std::string FictionalId(std::string_view region, std::string_view birth, std::string_view seq) {
  std::string first17 = std::string(region) + std::string(birth) + std::string(seq);
  return first17 + IdCheckDigit(first17);
}

std::string Reason(const Status& s) {
  return s.fields().empty() ? "" : s.fields().begin()->second;
}

const CivilDate kToday{2026, 1, 1};

TEST(IdNumberTest, CheckDigitMatchesTheStandardExample) {
  // The worked example of GB 11643-1999 Appendix A: 11010519491231002 -> X.
  EXPECT_EQ(IdCheckDigit("11010519491231002"), 'X');
  EXPECT_EQ(IdCheckDigit("1101051949123100"), '\0');
  EXPECT_EQ(IdCheckDigit("1101051949123100A"), '\0');
}

TEST(IdNumberTest, ParsesAValidNumber) {
  const std::string id = FictionalId("230103", "20100101", "002");
  auto info = ParseIdNumber(id, kToday);
  ASSERT_TRUE(info.ok()) << Reason(info.status());
  EXPECT_EQ(info->normalised, id);
  EXPECT_EQ(info->region_code, "230103");
  EXPECT_EQ(info->birth_date, (CivilDate{2010, 1, 1}));
  EXPECT_EQ(info->sex, Sex::kFemale);

  auto male = ParseIdNumber(FictionalId("230103", "20100101", "001"), kToday);
  ASSERT_TRUE(male.ok());
  EXPECT_EQ(male->sex, Sex::kMale);
}

TEST(IdNumberTest, AcceptsLowerCaseXAndSurroundingSpace) {
  // Find a fictional sequence code whose check digit is X.
  std::string id;
  for (int seq = 0; seq < 1000 && id.empty(); ++seq) {
    std::string candidate = FictionalId("230103", "20110315", std::to_string(100 + seq));
    if (candidate.back() == 'X') id = candidate;
  }
  ASSERT_FALSE(id.empty());
  std::string lower = id;
  lower.back() = 'x';
  auto info = ParseIdNumber("  " + lower + "\t", kToday);
  ASSERT_TRUE(info.ok()) << Reason(info.status());
  EXPECT_EQ(info->normalised, id);
  EXPECT_EQ(info->normalised.back(), 'X');
}

TEST(IdNumberTest, RejectsEachRuleWithTheFieldNamed) {
  const std::string good = FictionalId("230103", "20100101", "002");
  auto reason = [](std::string_view text) {
    const Status s = ParseIdNumber(text, kToday).status();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.fields().count("id_number"), 1u);
    return Reason(s);
  };
  EXPECT_EQ(reason(""), "required");
  EXPECT_EQ(reason("   "), "required");
  EXPECT_EQ(reason(good.substr(0, 17)), "bad_length");
  EXPECT_EQ(reason(good + "1"), "bad_length");
  EXPECT_EQ(reason("230103100101002"), "bad_length");  // old 15-digit form
  std::string letter = good;
  letter[3] = 'A';
  EXPECT_EQ(reason(letter), "bad_format");
  std::string bad_last = good;
  bad_last.back() = 'Y';
  EXPECT_EQ(reason(bad_last), "bad_format");
  std::string x_inside = good;
  x_inside[16] = 'X';
  EXPECT_EQ(reason(x_inside), "bad_format");
  EXPECT_EQ(reason("２" + good.substr(1)), "bad_format");  // full-width digit

  EXPECT_EQ(reason(FictionalId("230103", "20110229", "002")), "bad_birth_date");  // not leap
  EXPECT_EQ(reason(FictionalId("230103", "20101301", "002")), "bad_birth_date");
  EXPECT_EQ(reason(FictionalId("230103", "20100431", "002")), "bad_birth_date");
  EXPECT_EQ(reason(FictionalId("230103", "18991231", "002")), "bad_birth_date");
  EXPECT_EQ(reason(FictionalId("230103", "20260102", "002")), "future_birth_date");
  EXPECT_TRUE(ParseIdNumber(FictionalId("230103", "20260101", "002"), kToday).ok());  // today
  EXPECT_TRUE(ParseIdNumber(FictionalId("230103", "20080229", "002"), kToday).ok());  // leap day

  std::string wrong_check = good;
  wrong_check.back() = good.back() == '0' ? '1' : '0';
  EXPECT_EQ(reason(wrong_check), "bad_check_digit");
  std::string swapped = good;  // a transposition of two digits is caught by MOD 11-2
  std::swap(swapped[0], swapped[1]);
  EXPECT_EQ(reason(swapped), "bad_check_digit");
}

}  // namespace
}  // namespace shouhu::domain
