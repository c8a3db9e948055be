// Tests of the checksum validators with well-known public test values (card networks' test numbers,
// the IBAN registry's examples) and numbers computed for these tests; no real person's data.
#include "compliance/detect/checksums.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <string_view>

namespace novacrm::compliance::detect {
namespace {

using std::string_view_literals::operator""sv;

// --- Payment cards -----------------------------------------------------------------------------

TEST(Luhn, AcceptsTestCardNumbersOfEachNetwork) {
  for (std::string_view card : {
           "4111111111111111",  // Visa
           "378282246310005",   // American Express
           "5555555555554444",  // Mastercard
           "6011111111111117",  // Discover
           "30569309025904",    // Diners Club, 14 digits
           "3530111333300000",  // JCB
       }) {
    EXPECT_TRUE(luhn_valid(card)) << card;
  }
}

TEST(Luhn, IgnoresSpacesAndDashesBetweenDigits) {
  for (std::string_view card :
       {"4111 1111 1111 1111", "4111-1111-1111-1111", "3782 822463 10005", "5555 5555-5555 4444"}) {
    EXPECT_TRUE(luhn_valid(card)) << card;
  }
}

TEST(Luhn, AcceptsTwelveToNineteenDigits) {
  EXPECT_TRUE(luhn_valid("123456789015"));
  EXPECT_TRUE(luhn_valid("6011000990139424009"));
}

TEST(Luhn, RejectsOrderNumbersThatFailTheChecksum) {
  for (std::string_view order :
       {"4111111111111112", "1234567890123456", "2024-0001-7788-1234", "378282246310006"}) {
    EXPECT_FALSE(luhn_valid(order)) << order;
  }
}

TEST(Luhn, RejectsChecksumValidNumbersOfTheWrongLength) {
  EXPECT_FALSE(luhn_valid("12345678903"));           // 11 digits
  EXPECT_FALSE(luhn_valid("60110009901394240000"));  // 20 digits
  EXPECT_FALSE(luhn_valid(""));
  EXPECT_FALSE(luhn_valid(" - - "));
}

TEST(Luhn, RejectsOneRepeatedDigitEvenThoughItPassesTheChecksum) {
  EXPECT_FALSE(luhn_valid("0000000000000000"));
  EXPECT_FALSE(luhn_valid("0000 0000 0000 0000"));
  EXPECT_FALSE(luhn_valid("000000000000"));
}

TEST(Luhn, RejectsOtherCharactersThanDigitsSpacesAndDashes) {
  for (std::string_view text : {"4111.1111.1111.1111", "4111/1111/1111/1111", "4111111111111111x",
                                "4111\t1111 1111 1111", "４111111111111111"}) {
    EXPECT_FALSE(luhn_valid(text)) << text;
  }
}

TEST(PaymentCard, AcceptsTestNumbersOfEachNetworkAsTheyArePrinted) {
  for (std::string_view card : {
           "4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111",  // Visa
           "4222222222222",                                                   // Visa, 13 digits
           "3782 822463 10005", "378282246310005",                            // Amex, 4-6-5
           "5555 5555 5555 4444", "2223 0031 2200 3222",                      // Mastercard
           "6011 1111 1111 1117", "3530 1113 3330 0000",                      // Discover, JCB
           "3056 930902 5904", "6200 0000 0000 0005",                         // Diners, UnionPay
       }) {
    EXPECT_TRUE(payment_card_valid(card)) << card;
  }
}

TEST(PaymentCard, RejectsLuhnValidNumbersThatAreNotCards) {
  for (std::string_view text : {
           "732 829 320 00074",    // a SIRET: Luhn-valid by design, grouped 3-3-3-5
           "73282932000074",       // the same, 14 digits starting with 7
           "9400 1118 9922 3814",  // USPS tracking numbers start with 9
           "1710498732125",        // a millisecond timestamp
           "123456789015",         // no network issues numbers starting with 1
           "4111 1111 1111 116",   // Visa prefix, 15 digits
           "37828 22463 10005",    // groups of five
           "5555 5555-5555 4444",  // two different separators
       }) {
    ASSERT_TRUE(luhn_valid(text)) << text << " must pass Luhn for this test to mean anything";
    EXPECT_FALSE(payment_card_valid(text)) << text;
  }
  EXPECT_FALSE(payment_card_valid("4111111111111112"));  // fails Luhn
}

// --- IBAN --------------------------------------------------------------------------------------

TEST(Iban, AcceptsRegistryExamplesOfSepaCountries) {
  for (std::string_view iban : {
           "FR14 2004 1010 0505 0001 3M02 606",
           "GB82 WEST 1234 5698 7654 32",
           "DE89 3704 0044 0532 0130 00",
           "NL91 ABNA 0417 1643 00",
           "BE68 5390 0754 7034",
           "CH93 0076 2011 6238 5295 7",
           "ES91 2100 0418 4502 0005 1332",
           "IT60 X054 2811 1010 0000 0123 456",
           "AT61 1904 3002 3457 3201",
           "LU28 0019 4006 4475 0000",
           "PT50 0002 0123 1234 5678 9015 4",
           "IE29 AIBK 9311 5212 3456 78",
           "MC58 1122 2000 0101 2345 6789 030",
           "NO93 8601 1117 947",
       }) {
    EXPECT_TRUE(iban_valid(iban)) << iban;
  }
}

TEST(Iban, AcceptsCompactAndLowerCaseForms) {
  EXPECT_TRUE(iban_valid("FR1420041010050500013M02606"));
  EXPECT_TRUE(iban_valid("gb82 west 1234 5698 7654 32"));
}

TEST(Iban, AcceptsOtherCountriesWithinTheGenericLengthRange) {
  EXPECT_TRUE(iban_valid("SA03 8000 0000 6080 1016 7519"));
}

TEST(Iban, RejectsAWrongCheckDigitOrAMistypedCharacter) {
  for (std::string_view iban : {"FR15 2004 1010 0505 0001 3M02 606", "GB82 WEST 1234 5698 7654 33",
                                "DE89 3704 0044 0532 0130 01", "DE98 3704 0044 0532 0130 00"}) {
    EXPECT_FALSE(iban_valid(iban)) << iban;
  }
}

TEST(Iban, RejectsAChecksumValidNumberOfTheWrongLengthForItsCountry) {
  // Mod-97 holds, but a German IBAN has 22 characters, not 23.
  EXPECT_FALSE(iban_valid("DE54 3704 0044 0532 0130 001"));
}

TEST(Iban, RejectsCheckDigitsOutsideTwoToNinetyEight) {
  EXPECT_TRUE(iban_valid("SA02 8000 0000 6080 1016 0068"));
  // 99 = 02 + 97 leaves the same remainder, but ISO 13616 never issues it.
  EXPECT_FALSE(iban_valid("SA99 8000 0000 6080 1016 0068"));
}

TEST(Iban, RejectsMalformedText) {
  for (std::string_view text :
       {"", "FR14", "FR14 2004 1010", "1414 2004 1010 0505 0001 3M02 606",
        "FRAB 2004 1010 0505 0001 3M02 606", "FR14-2004-1010-0505-0001-3M02-606",
        "FR14 2004 1010 0505 0001 3M02 606 1234 5678 9"}) {
    EXPECT_FALSE(iban_valid(text)) << text;
  }
}

// --- French NIR --------------------------------------------------------------------------------

TEST(FrNir, AcceptsNumbersWhoseKeyMatches) {
  for (std::string_view nir : {"1 84 12 76 451 089 46", "184127645108946", "2 69 05 20 123 456 61",
                               "1 84 12 76 451 038 97"}) {
    EXPECT_TRUE(fr_nir_valid(nir)) << nir;
  }
}

TEST(FrNir, ComputesTheKeyOfCorsicanDepartmentsAsNineteenAndEighteen) {
  EXPECT_TRUE(fr_nir_valid("2 69 05 2A 123 456 88"));
  EXPECT_TRUE(fr_nir_valid("2 69 05 2B 123 456 18"));
  EXPECT_TRUE(fr_nir_valid("2 69 05 2a 123 456 88"));
  // The key of the same number read with department 20 does not fit 2A.
  EXPECT_FALSE(fr_nir_valid("2 69 05 2A 123 456 61"));
  EXPECT_FALSE(fr_nir_valid("2 69 05 2C 123 456 88"));
  EXPECT_FALSE(fr_nir_valid("2 69 05 1A 123 456 88"));
}

TEST(FrNir, AcceptsTheOtherSexDigitsInseeUses) {
  for (std::string_view nir : {"3 84 12 76 451 089 43", "4 84 12 76 451 089 90",
                               "7 84 12 76 451 089 37", "8 84 12 76 451 089 84"}) {
    EXPECT_TRUE(fr_nir_valid(nir)) << nir;
  }
}

TEST(FrNir, RejectsOtherSexDigitsEvenWithAMatchingKey) {
  for (std::string_view nir :
       {"0 84 12 76 451 089 96", "5 84 12 76 451 089 40", "9 84 12 76 451 089 34"}) {
    EXPECT_FALSE(fr_nir_valid(nir)) << nir;
  }
}

TEST(FrNir, AcceptsMonthsOneToTwelveTwentyToFortyTwoAndFiftyToNinetyNine) {
  for (std::string_view nir :
       {"1 84 01 76 451 089 64", "1 84 20 76 451 089 77", "1 84 42 76 451 089 41",
        "1 84 50 76 451 089 72", "1 84 99 76 451 089 80"}) {
    EXPECT_TRUE(fr_nir_valid(nir)) << nir;
  }
}

TEST(FrNir, RejectsOtherMonthsEvenWithAMatchingKey) {
  for (std::string_view nir :
       {"1 84 00 76 451 089 48", "1 84 13 76 451 089 62", "1 84 19 76 451 089 61",
        "1 84 43 76 451 089 57", "1 84 49 76 451 089 56"}) {
    EXPECT_FALSE(fr_nir_valid(nir)) << nir;
  }
}

TEST(FrNir, RejectsAWrongKey) {
  for (std::string_view nir : {"1 84 12 76 451 089 45", "1 84 12 76 451 089 47",
                               "1 84 12 76 451 089 00", "1 84 12 76 451 038 00"}) {
    EXPECT_FALSE(fr_nir_valid(nir)) << nir;
  }
}

TEST(FrNir, RejectsTheWrongLengthOrOtherCharacters) {
  for (std::string_view nir :
       {"", "1 84 12 76 451 089", "1 84 12 76 451 089 4", "1 84 12 76 451 089 461",
        "1-84-12-76-451-089-46", "1 84 12 76 45X 089 46", "1 84 12 76 451 089 4A"}) {
    EXPECT_FALSE(fr_nir_valid(nir)) << nir;
  }
}

// --- US SSN ------------------------------------------------------------------------------------

TEST(UsSsn, AcceptsDashedSpacedAndCompactForms) {
  for (std::string_view ssn : {"123-45-6789", "123 45 6789", "123456789", "001-01-0001",
                               "665-99-9999", "667-01-0001", "899-99-9999"}) {
    EXPECT_TRUE(us_ssn_valid(ssn)) << ssn;
  }
}

TEST(UsSsn, RejectsAreasNeverIssued) {
  for (std::string_view ssn :
       {"000-12-3456", "666-12-3456", "900-12-3456", "987-65-4321", "999-99-9999"}) {
    EXPECT_FALSE(us_ssn_valid(ssn)) << ssn;
  }
}

TEST(UsSsn, RejectsZeroGroupOrSerial) {
  EXPECT_FALSE(us_ssn_valid("123-00-4567"));
  EXPECT_FALSE(us_ssn_valid("123-45-0000"));
  EXPECT_FALSE(us_ssn_valid("123004567"));
}

TEST(UsSsn, RejectsTheWellKnownAdvertisingNumbersInEveryForm) {
  for (std::string_view ssn :
       {"078-05-1120", "078 05 1120", "078051120", "219-09-9999", "219 09 9999", "219099999"}) {
    EXPECT_FALSE(us_ssn_valid(ssn)) << ssn;
  }
}

TEST(UsSsn, RejectsOtherShapes) {
  for (std::string_view ssn :
       {"", "123-45 6789", "123 45-6789", "12-345-6789", "123.45.6789", "1234-5-6789", "12345678",
        "1234567890", "12a-45-6789", " 123-45-6789"}) {
    EXPECT_FALSE(us_ssn_valid(ssn)) << ssn;
  }
}

// --- Entropy -----------------------------------------------------------------------------------

TEST(ShannonEntropy, IsZeroForEmptyAndSingleSymbolStrings) {
  EXPECT_DOUBLE_EQ(shannon_entropy(""), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("a"), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("aaaaaaaa"), 0.0);
}

TEST(ShannonEntropy, IsLogTwoOfTheAlphabetForUniformStrings) {
  EXPECT_DOUBLE_EQ(shannon_entropy("ab"), 1.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abcdabcd"), 2.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("0123456789abcdef"), 4.0);
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte.push_back(static_cast<char>(b));
  EXPECT_DOUBLE_EQ(shannon_entropy(every_byte), 8.0);
}

TEST(ShannonEntropy, WeighsUnevenFrequencies) {
  // p = 3/4 and 1/4.
  const double expected = -(0.75 * std::log2(0.75) + 0.25 * std::log2(0.25));
  EXPECT_NEAR(shannon_entropy("aaab"), expected, 1e-12);
}

TEST(ShannonEntropy, ScoresRandomKeysAboveWordsAndUuidsInBetween) {
  const double key = shannon_entropy("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  const double word = shannon_entropy("passwordpasswordpassword");
  EXPECT_GT(key, 4.5);
  EXPECT_LT(word, 3.0);
  EXPECT_GT(shannon_entropy("123e4567-e89b-12d3-a456-426614174000"), word);
}

TEST(ShannonEntropy, CountsBytesNotCharacters) {
  // "é" is two bytes, so the string has two equally likely symbols.
  EXPECT_DOUBLE_EQ(shannon_entropy("é"), 1.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("a\0b\0"sv), 1.5);
}

// --- IP addresses ------------------------------------------------------------------------------

TEST(Ipv4, AcceptsFourOctetsFromZeroTo255) {
  for (std::string_view ip :
       {"0.0.0.0", "192.168.1.1", "10.0.0.255", "255.255.255.255", "8.8.8.8"}) {
    EXPECT_TRUE(ipv4_valid(ip)) << ip;
  }
}

TEST(Ipv4, AcceptsVersionStringsBecauseTheShapeIsTheCallersConcern) {
  EXPECT_TRUE(ipv4_valid("1.2.3.4"));
  EXPECT_TRUE(ipv4_valid("2.0.0.1"));
}

TEST(Ipv4, RejectsOctetsAbove255OrWithLeadingZeros) {
  for (std::string_view ip : {"256.1.1.1", "1.1.1.256", "999.1.1.1", "01.2.3.4", "1.2.3.00",
                              "1.2.3.0004", "1.2.3.1000"}) {
    EXPECT_FALSE(ipv4_valid(ip)) << ip;
  }
}

TEST(Ipv4, RejectsOtherThanFourDottedDecimalOctets) {
  for (std::string_view ip :
       {"", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", ".1.2.3", "1.2.3.4 ", " 1.2.3.4", "a.b.c.d",
        "1.2.3.-4", "+1.2.3.4", "0x7f.0.0.1", "1.2.3.4/24"}) {
    EXPECT_FALSE(ipv4_valid(ip)) << ip;
  }
  EXPECT_FALSE(ipv4_valid("1.2.3.4\0"sv));
}

TEST(Ipv4Netmask, RecognisesContiguousMasksAndTheUnspecifiedAddress) {
  for (std::string_view mask : {"255.255.255.0", "255.255.0.0", "255.0.0.0", "255.255.255.252",
                                "255.255.255.255", "0.0.0.0"}) {
    EXPECT_TRUE(ipv4_netmask(mask)) << mask;
  }
  for (std::string_view ip : {"255.255.0.255", "255.0.255.0", "192.168.1.1", "10.0.0.0",
                              "128.0.0.0", "255.255.255.256", "255.255.255"}) {
    EXPECT_FALSE(ipv4_netmask(ip)) << ip;
  }
}

TEST(Ipv6, AcceptsFullCompressedAndIpv4MappedForms) {
  for (std::string_view ip : {"::", "::1", "2001:db8::1", "2001:0db8:0000:0000:0000:ff00:0042:8329",
                              "fe80::1ff:fe23:4567:890a", "::ffff:192.0.2.1", "2001:DB8::ABCD",
                              "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"}) {
    EXPECT_TRUE(ipv6_valid(ip)) << ip;
  }
}

TEST(Ipv6, RejectsMalformedAddresses) {
  for (std::string_view ip :
       {"", ":", ":::", "2001:db8::1::2", "12345::", "g::1", "1.2.3.4", "2001:db8:0:0:0:0:0:0:1",
        "fe80::1%eth0", " ::1", "::1 ", "[::1]", "12:34"}) {
    EXPECT_FALSE(ipv6_valid(ip)) << ip;
  }
}

TEST(Ipv6, RejectsAnEmbeddedNulInsteadOfStoppingAtIt) {
  EXPECT_FALSE(ipv6_valid("::1\0garbage"sv));
  EXPECT_FALSE(ipv6_valid("::1\0"sv));
}

TEST(Ipv6, RejectsTextLongerThanAnyAddressWithoutOverflowing) {
  EXPECT_FALSE(ipv6_valid(std::string(46, '1')));
  EXPECT_FALSE(ipv6_valid("0000:0000:0000:0000:0000:0000:0000:0000:0000"));
  EXPECT_FALSE(ipv6_valid(std::string(10000, ':')));
}

}  // namespace
}  // namespace novacrm::compliance::detect
