import kg


def test_public_names_are_exported():
    assert set(kg.__all__) == {"__version__", "build", "query", "events_frame", "entities_frame", "KgError",
                              "InputError", "ModelError", "QueryError"}
    for name in kg.__all__:
        assert hasattr(kg, name)


def test_build_from_text_and_query(nlp):
    text = ("Headline\n\nPARIS, May 3, 2023 — Kenyan President William Ruto met French President Emmanuel Macron "
            "on Tuesday.")
    result = kg.build([text])
    # the meeting, in the dateline's Paris, implies the Kenyan's visit to France (a 0.5 guess)
    assert sorted(e.type for e in result.events) == ["meet", "visit"]
    meet = next(e for e in result.events if e.type == "meet")
    assert str(meet.date) == "2023-05-02"
    table = kg.query(result, "SELECT ?n WHERE { ?p a <https://schema.org/Person> ; "
                             "<http://www.w3.org/2000/01/rdf-schema#label> ?n } ORDER BY ?n", "csv")
    assert table.splitlines() == ["n", "Emmanuel Macron", "William Ruto"]
