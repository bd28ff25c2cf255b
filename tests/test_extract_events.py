"""Extraction rules, each on short sentences of our own (not from the sample or the dev corpus)."""
from conftest import events_of

HEAD = "Test headline\n\n"


def test_visit_arrive_in_capital_gives_state_and_city(extract_text):
    ex = extract_text(HEAD + "Kenyan President William Ruto arrived in Paris on Tuesday.")
    assert ("visit", ("person/william-ruto",), ("state/FR",), "place/paris", "2023-06-13") in events_of(ex)


def test_visit_verb_with_two_destinations(extract_text):
    ex = extract_text(HEAD + "Chilean President Gabriel Boric visited Peru and Bolivia.")
    got = {(e[1], e[2]) for e in events_of(ex, "visit")}
    assert got == {(("person/gabriel-boric",), ("state/PE",)), (("person/gabriel-boric",), ("state/BO",))}


def test_host_makes_the_object_the_visitor(extract_text):
    ex = extract_text(HEAD + "German Chancellor Olaf Scholz hosted Indian Prime Minister Narendra Modi in Berlin.")
    assert ("visit", ("person/narendra-modi",), ("state/DE",), "place/berlin", None) in events_of(ex)


def test_meet_with_and_pronoun_subject(extract_text):
    ex = extract_text(HEAD + "Egyptian President Abdel Fattah el-Sisi flew to Rome. "
                      "He met with Italian Prime Minister Giorgia Meloni on Wednesday.")
    meets = events_of(ex, "meet")
    assert any(set(m[1]) == {"person/abdel-fattah-el-sisi", "person/giorgia-meloni"} and m[4] == "2023-06-14"
               for m in meets), meets


def test_held_talks_with(extract_text):
    ex = extract_text(HEAD + "Mexican President Andres Lopez held talks with Canadian Prime Minister Justin Trudeau.")
    assert {frozenset(m[1]) for m in events_of(ex, "meet")} == {
        frozenset({"person/andres-lopez", "person/justin-trudeau"})}


def test_signing_by_officials_goes_to_their_states(extract_text):
    ex = extract_text(HEAD + "Argentine and Chilean officials signed four trade agreements in Santiago.")
    (sig,) = [e for e in ex.events if e.type == "sign_agreement"]
    assert set(sig.agents) == {"state/AR", "state/CL"}
    assert sig.count == 4 and sig.instrument == "agreement"


def test_passive_signing_by_two_states(extract_text):
    ex = extract_text(HEAD + "A new border treaty was signed by Ghana and Togo on Monday.")
    (sig,) = [e for e in ex.events if e.type == "sign_agreement"]
    assert set(sig.agents) == {"state/GH", "state/TG"}


def test_negated_events_are_not_reported(extract_text):
    ex = extract_text(HEAD + "Peruvian President Dina Boluarte did not meet Colombian President Gustavo Petro. "
                      "No agreements were signed by Peru and Colombia.")
    assert events_of(ex, "meet") == [] and events_of(ex, "sign_agreement") == []


def test_future_and_planned_events_are_not_reported(extract_text):
    ex = extract_text(HEAD + "Polish President Andrzej Duda will visit Lithuania next week. "
                      "Swedish Prime Minister Ulf Kristersson is scheduled to travel to Norway.")
    assert events_of(ex, "visit") == []


def test_invitation_is_a_proposal_but_the_invited_visit_is_not_a_visit(extract_text):
    ex = extract_text(HEAD + "Vietnamese President Vo Van Thuong invited Thai Prime Minister Srettha Thavisin to "
                             "visit Hanoi.")
    assert events_of(ex, "visit") == []
    props = events_of(ex, "propose")
    assert props and props[0][1] == ("person/vo-van-thuong",) and props[0][2] == ("person/srettha-thavisin",)


def test_praise_and_criticism_targets(extract_text):
    ex = extract_text(HEAD + "Brazilian President Lula praised Chinese President Xi Jinping. "
                      "Lula also criticized the United States.")
    assert events_of(ex, "praise")[0][1] == ("person/lula",)
    assert events_of(ex, "praise")[0][2] == ("person/xi-jinping",)
    assert events_of(ex, "criticize")[0][2] == ("state/US",)


def test_titles_give_leader_and_official_relations(extract_text):
    ex = extract_text(HEAD + "Indonesian President Joko Widodo met Japanese Foreign Minister Yoko Kamikawa "
                      "and former Malaysian prime minister Mahathir Mohamad.")
    rels = {(ex.refs[r.person], r.relation, r.state) for r in ex.relations}
    assert ("person/joko-widodo", "leader_of", "state/ID") in rels
    assert ("person/yoko-kamikawa", "official_of", "state/JP") in rels
    assert ("person/mahathir-mohamad", "official_of", "state/MY") in rels


def test_description_and_surname_resolve_to_one_person(extract_text):
    ex = extract_text(HEAD + "Kenyan President William Ruto arrived in Paris. The Kenyan president met "
                      "French President Emmanuel Macron. Ruto thanked Macron.")
    refs = {ex.refs[i] for i, m in enumerate(ex.mentions) if m.type == "Person" and i in ex.refs}
    assert refs == {"person/william-ruto", "person/emmanuel-macron"}
    assert {frozenset(m[1]) for m in events_of(ex, "meet")} == {
        frozenset({"person/william-ruto", "person/emmanuel-macron"})}


def test_misspelled_surname_merges_with_the_person(extract_text):
    ex = extract_text(HEAD + "Nigerian President Bola Tinubu praised Ghana. Later Tinubbu arrived in Accra.")
    persons = {ex.refs.get(i) for i, m in enumerate(ex.mentions) if m.type == "Person" and m.kind == "name"}
    assert persons == {"person/bola-tinubu"}


def test_remote_meeting_by_phone(extract_text):
    ex = extract_text(HEAD + "Spanish Prime Minister Pedro Sanchez held a phone call with Portuguese Prime Minister "
                             "Antonio Costa.")
    (call,) = [e for e in ex.events if e.type == "meet"]
    assert call.mode == "remote"


def test_evidence_is_the_sentence_with_offsets(extract_text):
    text = HEAD + "Kenyan President William Ruto arrived in Paris on Tuesday. It rained."
    ex = extract_text(text)
    (v,) = [e for e in ex.events if e.type == "visit"]
    assert v.evidence.text == "Kenyan President William Ruto arrived in Paris on Tuesday."
    assert text[v.evidence.start:v.evidence.end] == v.evidence.text


def test_description_never_names_someone_named_in_its_own_sentence(extract_text):
    ex = extract_text(HEAD + "President Gabriel Boric arrived in Lima. Boric spoke, standing beside the Peruvian "
                             "leader.")
    boric = [i for i, m in enumerate(ex.mentions) if m.kind == "title"]
    assert boric and all(ex.refs.get(i) != "person/gabriel-boric" for i in boric)
    assert not any(r.state == "state/PE" and ex.refs[r.person] == "person/gabriel-boric" for r in ex.relations)


def test_statement_takes_the_day_and_city_of_its_scene(extract_text):
    ex = extract_text(HEAD + "Kenyan President William Ruto arrived in Paris on Tuesday. "
                      "He praised French President Emmanuel Macron.")
    (praise,) = [e for e in ex.events if e.type == "praise"]
    assert praise.date.isoformat() == "2023-06-13" and praise.place == "place/paris"


def test_background_sentence_keeps_no_date(extract_text):
    ex = extract_text(HEAD + "Kenyan President William Ruto arrived in Paris on Tuesday. "
                      "In 2019 he had visited Brazil.")
    (old,) = [e for e in ex.events if e.type == "visit" and e.targets == ("state/BR",)]
    assert old.date is None


def test_future_date_of_an_invited_visit_does_not_cancel_the_invitation(extract_text):
    ex = extract_text(HEAD + "Vietnamese President Vo Van Thuong invited Thai Prime Minister Srettha Thavisin "
                      "to visit Hanoi later this year.")
    assert [e.type for e in ex.events] == ["propose"]


def test_the_two_presidents_and_the_two_countries(extract_text):
    ex = extract_text(HEAD + "Argentine President Javier Milei held talks with Chilean President Gabriel Boric in "
                             "Santiago. "
                      "The two presidents then signed a pair of treaties. The two countries also agreed to talk again.")
    signs = [e for e in ex.events if e.type == "sign_agreement"]
    assert len(signs) == 1 and set(signs[0].agents) == {"state/AR", "state/CL"} and signs[0].count == 2


def test_object_pronoun_is_not_its_verbs_subject(extract_text):
    ex = extract_text(HEAD + "Chilean President Gabriel Boric arrived in Lima on Monday. "
                      "On Tuesday Peruvian President Dina Boluarte welcomed him at the palace.")
    visits = {(e.agents, e.targets) for e in ex.events if e.type == "visit"}
    assert (("person/gabriel-boric",), ("state/PE",)) in visits
    assert not any(a == ("person/dina-boluarte",) for a, _ in visits)


def test_company_signs_alone(extract_text):
    ex = extract_text(HEAD + "Siemens signed a contract on Monday to build a plant in Cairo.")
    (sig,) = [e for e in ex.events if e.type == "sign_agreement"]
    assert sig.agents == ("org/siemens",) and sig.instrument == "contract"


def test_subject_reaches_a_participle_after_a_preposition(extract_text):
    ex = extract_text(HEAD + "Kenyan President William Ruto and French President Emmanuel Macron walked "
                      "through the park before holding talks over lunch.")
    assert {frozenset(e.agents) for e in ex.events if e.type == "meet"} == {
        frozenset({"person/william-ruto", "person/emmanuel-macron"})}


def test_planned_trip_covers_its_later_legs(extract_text):
    ex = extract_text(HEAD + "Colombian President Gustavo Petro is scheduled to travel to Quito on Tuesday, "
                      "before heading to Lima for the final leg.")
    assert events_of(ex, "visit") == []


def test_shared_modal_reaches_coordinated_verbs_but_not_finite_ones(extract_text):
    ex = extract_text(HEAD + "Kenyan President William Ruto will visit Paris and meet French President Emmanuel "
                             "Macron. "
                      "Ruto did not meet the press but visited Berlin.")
    visits = {e[2] for e in events_of(ex, "visit")}
    assert visits == {("state/DE",)} and events_of(ex, "meet") == []


def test_passive_signing_by_a_semicolon_list_of_officials(extract_text):
    ex = extract_text(HEAD + "The accord was signed by Ahmed Ali, Egypt's foreign minister; Omar Said, "
                      "Sudan's foreign minister; and Abiy Tesfaye, Ethiopia's foreign minister.")
    (sig,) = [e for e in ex.events if e.type == "sign_agreement"]
    assert set(sig.agents) == {"state/EG", "state/SD", "state/ET"}


def test_event_after_a_dated_sentence_takes_its_day(extract_text):
    ex = extract_text(HEAD + "Kenyan President Amani Njoroge met French President Claire Duval in Paris on Monday. "
                      "Formal talks were held on Wednesday. The two presidents then inked three agreements.")
    (sig,) = [e for e in ex.events if e.type == "sign_agreement"]
    assert sig.date.isoformat() == "2023-06-14"


def test_relative_clause_when_takes_the_date_it_hangs_on(extract_text):
    ex = extract_text(HEAD + "Talks began after May 30, when Kenyan President William Ruto and French President "
                      "Emmanuel Macron held a video call.")
    (call,) = [e for e in ex.events if e.type == "meet"]
    assert call.date.isoformat() == "2023-05-30" and call.mode == "remote" and call.place is None


def test_events_at_a_venue_are_placed_in_the_city(extract_text):
    ex = extract_text(HEAD + "Kenyan President William Ruto arrived in Paris on Monday. "
                      "He met French President Emmanuel Macron at the Elysee Palace.")
    (meet,) = [e for e in ex.events if e.type == "meet"]
    assert meet.place == "place/paris"


def test_background_is_decided_per_clause(extract_text):
    ex = extract_text(HEAD + "Kenyan President William Ruto, who first visited France in 2018, arrived in Paris on "
                             "Tuesday.")
    by_date = {e.date.isoformat() if e.date else None: e.background for e in ex.events if e.type == "visit"}
    assert by_date == {None: True, "2023-06-13": False}


def test_nominal_visit_does_not_take_the_date_of_its_verb(extract_text):
    ex = extract_text(HEAD + "Kenyan President Amani Njoroge's visit to France reached a turning point on Thursday.")
    (v,) = [e for e in ex.events if e.type == "visit"]
    assert v.date is None


def test_visit_without_a_day_takes_the_first_day_the_visitor_is_there(extract_text):
    ex = extract_text(HEAD + "French President Emmanuel Macron held talks in Nairobi on Tuesday. "
                      "It was his first trip to Kenya.")
    (v,) = [e for e in ex.events if e.type == "visit"]
    assert v.place == "place/nairobi" and v.date.isoformat() == "2023-06-13"


def test_announced_aid_is_a_pledge_to_its_recipient(extract_text):
    ex = extract_text(HEAD + "Canadian Prime Minister Justin Trudeau announced $200 million in humanitarian aid "
                      "for Haiti on Tuesday. Trudeau also announced his retirement.")
    props = [e for e in ex.events if e.type == "propose"]
    assert len(props) == 1 and props[0].targets == ("state/HT",) and props[0].cameo == "033"
