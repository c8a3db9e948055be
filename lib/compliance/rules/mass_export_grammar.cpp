#include "compliance/rules/mass_export_grammar.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "compliance/rules/mass_export_context.hpp"
#include "core/text.hpp"

namespace novacrm::compliance::mass_export {

namespace {

class Grammar {
 public:
  Grammar(std::string_view text, const Tokens& t) : text_(text), t_(t), lx_(lexicon()) {}

  // The verb at word `v` and what follows, or nothing; no check of the words before it.
  [[nodiscard]] std::optional<Head> head(size_t v) const {
    size_t n = 0;
    unsigned classes = 0;
    for (const auto& [table, bit] : {std::pair{&lx_.extract, kExtract},
                                     {&lx_.strong, kStrong},
                                     {&lx_.transfer, kTransfer},
                                     {&lx_.mail, kMail},
                                     {&lx_.wish, kWish},
                                     {&lx_.maker, kMaker}}) {
      const size_t m = table->longest_at(t_, v);
      if (m > n) classes = 0;
      if (m >= n && m > 0) {
        n = m;
        classes |= bit;
      }
    }
    if (n == 0) return std::nullopt;
    comma_ok_ = std::string_view::npos;
    Head h{v, v + n, v + n, classes, false};
    const auto recipient = take(h.end, lx_.recipients);
    if (recipient) h.end = *recipient;
    if (!recipient) h.classes &= ~static_cast<unsigned>(kMail);
    h.bare = (h.classes & kTransfer) != 0 && !recipient;
    if (h.end < t_.size() && t_[h.end].gap <= Gap::kComma) {
      if (const size_t a = lx_.adverbs.longest_at(t_, h.end); a > 0) {
        h.end += a;
        comma_ok_ = h.end;
      }
    }
    return h.classes == 0 ? std::nullopt : std::optional(h);
  }

  // A request at its head: the first shape that matches.
  [[nodiscard]] std::optional<Match> request(const Head& h, bool count_ahead) const {
    if (auto m = quantified(h)) return m;
    if (auto m = bare(h)) return m;
    if (count_ahead) return counted(h);
    return std::nullopt;
  }

 private:
  // --- Shapes.

  // "export all contacts", "donne-moi la liste complète des clients", "list every client email".
  [[nodiscard]] std::optional<Match> quantified(const Head& h) const {
    for (const std::optional<size_t> start : starts(h)) {
      if (!start) continue;
      const size_t j = *start;
      const auto tail = [&](std::optional<Object> o) {
        return o && tail_ok(h, *o) ? o : std::nullopt;
      };
      if (const auto q = take(j, lx_.singular_quantifiers)) {
        const auto o = with_modifiers(*q, 2, [&](size_t k, bool) { return tail(singular(k)); });
        if (o) return Match{h, *o, {}};
      }
      if (const auto q = quantifier(j)) {
        const auto o = with_modifiers(
            *q, 2, [&](size_t k, bool modified) { return tail(object(k, modified, true)); });
        if (o) return Match{h, *o, {}};
      }
      if (const auto o = tail(everything_in_store(j))) return Match{h, *o, {}};
    }
    return std::nullopt;
  }

  // "dump the database", "export contacts", "exporte les contacts"; with any verb but a bare
  // transfer, a store of people ("show me the customer list", "je veux le fichier clients") or a
  // copy of a store ("fais un export complet de la base clients", "send me a dump of the CRM").
  [[nodiscard]] std::optional<Match> bare(const Head& h) const {
    if ((h.classes & kStrong) != 0) {
      const auto o = with_modifiers(
          skip(h.end, lx_.determiners), 1, [&](size_t k, bool modified) -> std::optional<Object> {
            const auto o = object(k, modified, false);
            const PhraseTable& links =
                o && o->attribute ? lx_.record_links : lx_.people_record_links;
            if (!o || one_record_at(o->end, links) || from_the_prompt_at(o->end))
              return std::nullopt;
            return o;
          });
      if (o) return Match{h, *o, {}};
    }
    if (h.bare) return std::nullopt;
    const auto store_after = [&](size_t j, bool any_store) {
      return with_modifiers(j, 1, [&](size_t k, bool) -> std::optional<Object> {
        auto e = people_store(k);
        if (!e && any_store) e = store(k, false);
        if (!e || (!any_store && word_is(*e, "to")) || from_the_prompt_at(*e)) return std::nullopt;
        return Object{k, *e, false};
      });
    };
    if (const auto d = take(h.end, lx_.determiners); d && h.classes != kMaker) {
      if (const auto o = store_after(*d, false)) return Match{h, *o, {}};
    }
    if (const auto c = container(h.end)) {
      if (const auto o = store_after(skip(*c, lx_.determiners), true)) return Match{h, *o, {}};
    }
    return std::nullopt;
  }

  // "give me 5000 customer emails", "envoie-moi 3 000 adresses mail" (the caller checks the
  // threshold).
  [[nodiscard]] std::optional<Match> counted(const Head& h) const {
    for (const std::optional<size_t> start : starts(h)) {
      if (!start) continue;
      size_t j = *start;
      if (const auto d = take(j, lx_.count_determiners)) {
        if (is_year(*d)) continue;  // "the 2023 contacts"
        j = *d;
      }
      const auto c = count_at(skip(j, lx_.ranks));
      if (!c) continue;
      const auto o = with_modifiers(c->end, 2, [&](size_t k, bool modified) {
        const auto o = object(k, modified, true);
        return o && tail_ok(h, *o) ? o : std::nullopt;
      });
      if (o) return Match{h, *o, c->value};
    }
    return std::nullopt;
  }

  // --- Parts of a request.

  // Where a quantified or counted request may go on after its head, in the order tried: after a
  // container ("a CSV of"), then right after the head, except after a maker verb ("create all
  // contacts" is no request).
  [[nodiscard]] std::array<std::optional<size_t>, 2> starts(const Head& h) const {
    return {container(h.end), h.classes == kMaker ? std::nullopt : std::optional<size_t>(h.end)};
  }

  // "a CSV of", "une liste de", "the emails of", "un export complet de".
  [[nodiscard]] std::optional<size_t> container(size_t i) const {
    const size_t d = skip(i, lx_.container_determiners);
    for (const size_t k :
         {skip(d, lx_.container_adjectives), d}) {  // "a CSV of": noun, not adjective
      const auto n =
          take_longest(k, {&lx_.container_nouns, &lx_.attributes_en, &lx_.attributes_fr});
      if (!n) continue;
      if (const auto e = take(skip(skip(*n, lx_.container_formats), lx_.whole_adjectives_fr),
                              lx_.container_links)) {
        return e;
      }
    }
    return std::nullopt;
  }

  // "all (of) (our)", "every single one of our", "the full list of (all)", "(the) whole", "tous
  // les", "toute la", "l'ensemble des", "la totalité des", "la liste complète des".
  [[nodiscard]] std::optional<size_t> quantifier(size_t i) const {
    if (const auto e = take(i, lx_.all)) return skip(*e, lx_.possessives);
    if (const auto e = take(i, lx_.every_one_of)) return take(*e, lx_.possessives);
    if (const auto e = list_of(i)) return e;
    if (const auto e = take(skip(skip(i, lx_.definite), lx_.indefinite), lx_.whole_adjectives)) {
      return e;
    }
    if (const auto e = take(i, lx_.all_fr)) return take(*e, lx_.all_fr_determiners);
    if (const auto e = take(i, lx_.whole_fr)) return take(*e, lx_.whole_fr_determiners);
    if (const auto e = take(i, lx_.totality_fr)) return take(*e, lx_.of_the_fr);
    if (const auto e = take(i, lx_.list_determiners_fr)) {
      if (const auto n = take(*e, lx_.list_nouns_fr)) {
        return take(skip(*n, lx_.whole_adjectives_fr), lx_.of_the_fr);
      }
    }
    return std::nullopt;
  }

  // "the (full) list of (all) (the)", "a complete set of": an indefinite list needs "full".
  [[nodiscard]] std::optional<size_t> list_of(size_t i) const {
    auto k = take(i, lx_.definite);
    const bool definite = k.has_value();
    if (!k) k = take(i, lx_.indefinite);
    if (!k) return std::nullopt;
    const auto whole = take(*k, lx_.whole_adjectives);
    if (!definite && !whole) return std::nullopt;
    const auto n = take(whole.value_or(*k), lx_.list_nouns);
    if (!n || !word_is(*n, "of")) return std::nullopt;
    return skip(skip(*n + 1, lx_.every), lx_.possessives);
  }

  // The object of a quantified, counted or bare request, in order of preference. `modified`:
  // free words came before it.
  [[nodiscard]] std::optional<Object> object(size_t i, bool modified, bool tables) const {
    if (const auto e = people_store(i)) return Object{i, *e, false};
    if (const auto e = contents_of_store(i, tables)) return Object{i, *e, false};
    if (const auto e = attribute(i)) return Object{i, *e, true};
    if (const auto e = take(i, lx_.people_plural); e && !apostrophe_after(*e - 1)) {
      if (!modified || !subject_at(*e)) return Object{i, *e, false};
    }
    if (const auto e = store(i, tables)) return Object{i, *e, false};
    return std::nullopt;
  }

  // After "every"/"each": "every client", "each customer's email", "every email address"; not
  // "every customer complaint" (there the person only qualifies another noun).
  [[nodiscard]] std::optional<Object> singular(size_t i) const {
    auto e = take(i, lx_.people);
    if (e) {
      if (const auto a = take(possessive(*e), lx_.attributes_en)) e = a;
    } else {
      e = take(i, lx_.personal_data_singular);
    }
    if (!e || apostrophe_after(*e - 1)) return std::nullopt;
    if (*e < t_.size() && t_[*e].gap == Gap::kSpace && !is(*e, lx_.breakers)) return std::nullopt;
    return Object{i, *e, false};
  }

  // "customer emails", "clients' phone numbers", "e-mails clients", "emails of our customers",
  // "adresses e-mail des clients", "email addresses".
  [[nodiscard]] std::optional<size_t> attribute(size_t i) const {
    if (const auto p = take_longest(i, {&lx_.people, &lx_.people_plural, &lx_.personal})) {
      if (const auto e = take(possessive(*p), lx_.attributes_en)) return e;
    }
    if (const auto a = take(i, lx_.attributes_fr)) {
      if (const auto e = take_longest(*a, {&lx_.people_plural, &lx_.people})) return e;
    }
    if (const auto a = take_longest(i, {&lx_.attributes_en, &lx_.attributes_fr})) {
      if (const auto l = take(*a, lx_.attribute_links)) {
        size_t k = *l;
        while (const auto d = take(k, lx_.attribute_determiners)) k = *d;
        if (const auto e = take(k, lx_.people_plural)) return e;
      }
    }
    return take(i, lx_.personal_data);
  }

  // "customer database", "mailing list", "fichier clients", "base de données des contacts".
  [[nodiscard]] std::optional<size_t> people_store(size_t i) const {
    if (const auto e = take(i, lx_.whole_stores)) return e;
    if (const auto p = take_longest(i, {&lx_.people, &lx_.people_plural, &lx_.store_owners})) {
      if (const auto e = take(possessive(*p), lx_.store_nouns)) return e;
    }
    if (const auto s = take(i, lx_.store_nouns_fr)) {
      if (const auto l = take(*s, lx_.store_links_fr)) return take(*l, lx_.people_plural);
      return take_longest(*s, {&lx_.people_plural, &lx_.people});
    }
    return std::nullopt;
  }

  // "the CRM", "la base de données" (and "the whole table" when `tables`); not "the CRM app".
  [[nodiscard]] std::optional<size_t> store(size_t i, bool tables) const {
    if (const auto e = take(i, lx_.stores)) return is(*e, lx_.artifacts) ? std::nullopt : e;
    return tables ? take(i, lx_.tables) : std::nullopt;
  }

  // "data from the CRM", "contacts in the database", "tout le contenu de la base".
  [[nodiscard]] std::optional<size_t> contents_of_store(size_t i, bool tables) const {
    const auto c = take_longest(
        i, {&lx_.attributes_en, &lx_.attributes_fr, &lx_.people_plural, &lx_.contents});
    if (!c) return std::nullopt;
    const auto l = take(skip(*c, lx_.stored), lx_.content_links);
    if (!l) return std::nullopt;
    const size_t k = skip(*l, lx_.store_determiners);
    if (const auto e = people_store(k)) return e;
    return store(k, tables);
  }

  // "everything in the CRM", "l'intégralité de la base".
  [[nodiscard]] std::optional<Object> everything_in_store(size_t i) const {
    const auto e = take(i, lx_.everything);
    if (!e) return std::nullopt;
    const auto l = take(skip(*e, lx_.stored), lx_.content_links);
    if (!l) return std::nullopt;
    const size_t k = skip(*l, lx_.store_determiners);
    auto s = people_store(k);
    if (!s) s = store(k, false);
    return s ? std::optional(Object{i, *s, false}) : std::nullopt;
  }

  [[nodiscard]] std::optional<Count> count_at(size_t k) const {
    if (!joined(k)) return std::nullopt;
    const std::string_view w = t_.word(k);
    if (is_digit(w.front())) {
      const Count c = parse_count(text_, t_[k].begin);
      size_t e = k;
      while (e < t_.size() && t_[e].begin < c.end) ++e;
      return Count{c.value, after_count(e)};
    }
    const size_t j = skip(k, lx_.vague);
    for (const auto& [word, value] : kCountWords) {
      if (word != "k" && word_is(j, word)) return Count{value, after_count(j + 1)};
    }
    return std::nullopt;
  }

  // "5000 of our ...", "des milliers d'...".
  [[nodiscard]] size_t after_count(size_t e) const {
    const auto l = take(e, lx_.count_links);
    return l ? skip(*l, lx_.count_link_determiners) : e;
  }

  // --- What follows the object.

  [[nodiscard]] bool tail_ok(const Head& h, const Object& o) const {
    if (h.bare && is(o.end, lx_.indirect_objects)) return false;
    if ((h.classes & kWish) != 0 && word_is(o.end, "to")) return false;
    if (o.attribute && one_record_at(o.end, lx_.record_links)) return false;
    return !from_the_prompt_at(o.end);
  }

  // "... of client 42", "... for Mr. Smith", "..., de Mme Martin", "... of john@x.org".
  [[nodiscard]] bool one_record_at(size_t e, const PhraseTable& links) const {
    if (e >= t_.size() || t_[e].gap == Gap::kBreak) return false;
    const size_t n = links.longest_at(t_, e);
    if (n == 0) return false;
    size_t k = e + n;
    while (k < t_.size() && (joined(k) || after_abbreviation(k)) &&
           lx_.record_titles.longest_at(t_, k) > 0) {
      ++k;
    }
    if (k >= t_.size() || !(joined(k) || after_abbreviation(k))) return false;
    return is_digit(t_.word(k).front()) || capitalised(k) || email_at(k);
  }

  // "the phone numbers in the text below", "all contacts of this account".
  [[nodiscard]] bool from_the_prompt_at(size_t e) const {
    if (is(e, lx_.here)) return true;
    const size_t k = skip(e, lx_.participles);
    if (const auto l = take(k, lx_.source_links)) {
      if (is(skip(*l, lx_.source_determiners), lx_.source_nouns)) return true;
    }
    const auto l = take(k, lx_.deictic_links);
    return l && is(*l, lx_.deictics);
  }

  // "all the objections customers raised": a verb after the people.
  [[nodiscard]] bool subject_at(size_t e) const {
    if (!joined(e)) return false;
    const std::string_view w = t_.word(e);
    return (w.size() > 3 && w.ends_with("ed")) || is(e, lx_.subject_verbs);
  }

  // --- Words.

  [[nodiscard]] bool joined(size_t i) const {
    return t_.joined(i) || (i == comma_ok_ && i < t_.size() && t_[i].gap == Gap::kComma);
  }

  // End of the longest phrase of `table` at word `i` when `i` continues the request.
  [[nodiscard]] std::optional<size_t> take(size_t i, const PhraseTable& table) const {
    if (!joined(i)) return std::nullopt;
    const size_t n = table.longest_at(t_, i);
    return n == 0 ? std::nullopt : std::optional(i + n);
  }

  [[nodiscard]] std::optional<size_t> take_longest(
      size_t i, std::initializer_list<const PhraseTable*> tables) const {
    std::optional<size_t> best;
    for (const PhraseTable* table : tables) {
      const auto e = take(i, *table);
      if (e && (!best || *e > *best)) best = e;
    }
    return best;
  }

  [[nodiscard]] size_t skip(size_t i, const PhraseTable& table) const {
    return take(i, table).value_or(i);
  }
  [[nodiscard]] bool is(size_t i, const PhraseTable& table) const {
    return take(i, table).has_value();
  }
  [[nodiscard]] bool word_is(size_t i, std::string_view w) const {
    return joined(i) && t_.word(i) == w;
  }

  // Up to `n` free words at `i` ("all *active French* customers", "all *2023* leads"), fewest
  // first: the first answer of `then(word after them, whether there were any)`.
  template <typename Then>
  auto with_modifiers(size_t i, size_t n, Then then) const -> decltype(then(i, false)) {
    for (size_t k = 0; k <= n; ++k) {
      if (auto r = then(i + k, k > 0)) return r;
      if (!is_modifier(i + k)) break;
    }
    return std::nullopt;
  }

  [[nodiscard]] bool is_modifier(size_t i) const {
    if (i >= t_.size() || t_[i].gap != Gap::kSpace || is(i, lx_.breakers)) return false;
    const std::string_view w = t_.word(i);
    return !is_digit(w.front()) || is_year(i);
  }

  [[nodiscard]] bool is_year(size_t i) const {
    const std::string_view w = t_.word(i);
    return i < t_.size() && w.size() == 4 && (w.starts_with("19") || w.starts_with("20")) &&
           std::all_of(w.begin(), w.end(), is_digit);
  }

  // "customer's" is two words, "customer" and "s".
  [[nodiscard]] size_t possessive(size_t i) const {
    return i < t_.size() && t_[i].gap == Gap::kJoiner && t_.word(i) == "s" ? i + 1 : i;
  }

  [[nodiscard]] bool apostrophe_after(size_t i) const {
    const std::string_view after = text_.substr(t_[i].end);
    return after.starts_with('\'') || after.starts_with("\xE2\x80\x99");
  }

  // "Mr. Smith": the '.' of a title is no sentence end.
  [[nodiscard]] bool after_abbreviation(size_t i) const {
    if (i == 0 || i >= t_.size()) return false;
    const std::string_view gap = text_.substr(t_[i - 1].end, t_[i].begin - t_[i - 1].end);
    return gap.starts_with('.') && core::trim(gap.substr(1)).empty() && gap.size() > 1;
  }

  // A name: a capital then a small letter ("Marie", "Émile"; not "CRM").
  [[nodiscard]] bool capitalised(size_t i) const {
    const std::string_view w = text_.substr(t_[i].begin, t_[i].end - t_[i].begin);
    const auto upper = [](std::string_view s) {
      const auto b = static_cast<unsigned char>(s[0]);
      return (b >= 'A' && b <= 'Z') ||
             (b == 0xC3 && s.size() > 1 && static_cast<unsigned char>(s[1]) < 0x9F);
    };
    const size_t first = fold_at(w, 0).length;
    return first < w.size() && upper(w) && !upper(w.substr(first));
  }

  // The local part of an email address ("john.smith@...").
  [[nodiscard]] bool email_at(size_t i) const {
    const std::string_view rest = text_.substr(t_[i].begin);
    const size_t space = rest.find_first_of(" \t\r\n");
    return rest.substr(0, space).find('@') != std::string_view::npos;
  }

  std::string_view text_;
  const Tokens& t_;
  const Lexicon& lx_;
  mutable size_t comma_ok_ =
      std::string_view::npos;  // a word a comma may precede (after an adverb)
};

// The first words of the verb tables, sorted, behind a filter: the one look-up every word of a
// text costs.
class VerbIndex {
 public:
  VerbIndex() {
    for (std::string_view table :
         {kExtractVerbs, kTransferVerbs, kMailVerbs, kWishVerbs, kMakerVerbs}) {
      for (const std::string& phrase : core::split(table, '|')) {
        keys_.push_back(key_of(std::string_view(phrase).substr(0, phrase.find(' '))));
      }
    }
    std::sort(keys_.begin(), keys_.end());
    keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
    for (const Key k : keys_) filter_.add(k);
  }

  [[nodiscard]] bool contains(Key k) const {
    return filter_.may_contain(k) && std::binary_search(keys_.begin(), keys_.end(), k);
  }

 private:
  std::vector<Key> keys_;
  KeyFilter filter_;
};

const VerbIndex& verbs() {
  static const VerbIndex kVerbs;
  return kVerbs;
}

}  // namespace

std::vector<Match> find_requests(std::string_view text, const Tokens& t, int64_t threshold) {
  std::vector<Match> out;
  const Grammar grammar(text, t);
  size_t next = 0;
  for (size_t v = 0; v < t.size(); ++v) {
    if (v < next || !verbs().contains(t.key(v))) continue;
    const auto head = grammar.head(v);
    if (!head || !asks_at(text, t, v, head->classes)) continue;
    const Ahead ahead = look_ahead(t, head->verb_end);
    if (!ahead.object) continue;
    const auto m = grammar.request(*head, ahead.count);
    if (!m || (m->count && *m->count < threshold)) continue;
    out.push_back(*m);
    next = m->object.end;
  }
  return out;
}

}  // namespace novacrm::compliance::mass_export
