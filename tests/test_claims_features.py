"""The claim judge's alignment features see the one thing a typed claim changed."""

from storyweave.claims import features as F


def test_money_short_scales_after_a_currency_sign_only():
    assert [q.value for q in F.quantities("he is $53m in debt")] == [53e6]
    assert [q.value for q in F.quantities("a \u00a31.5bn deal")] == [1.5e9]
    assert [q.value for q in F.quantities("a 5k run")] == [5.0]  # not money: left as it is
    claim = F.quantities("he declared he is $53m in debt")
    assert F.number_agreement(claim, F.quantities("He is 53 million dollars in debt."))[0] == 1.0


def test_another_filler_in_the_same_slot_is_a_slot_conflict():
    claim = F.analyse("Police found the car in Raleigh.")
    same = F.frame_agreement(claim, F.analyse("Police later found the car in Raleigh on Monday."))
    other = F.frame_agreement(claim, F.analyse("Police found the car in Fayetteville."))
    assert same["verb_match"] == 1.0 and same["slot_conflict"] == 0.0
    assert other["verb_match"] == 1.0 and other["slot_conflict"] == 1.0


def test_negated_verb_on_one_side_only():
    claim = F.analyse("The company confirmed the deal.")
    assert F.frame_agreement(claim, F.analyse("The company did not confirm the deal."))["verb_neg_xor"] == 1.0
    assert F.frame_agreement(claim, F.analyse("The company confirmed the deal on Friday."))["verb_neg_xor"] == 0.0


def test_a_person_replaced_by_another_person_is_an_entity_swap():
    claim = F.analyse("David Millar won the stage in London.")
    sentence = F.analyse("Alberto Contador won the stage in London.")
    article = {"alberto", "contador", "won", "stage", "london"}
    missing, swap = F.entity_swap(claim, sentence, article)
    assert swap == 1.0 and 0.0 < missing < 1.0
    same = F.analyse("David Millar won the stage in London on Sunday.")
    assert F.entity_swap(claim, same, article | {"david", "millar"}) == (0.0, 0.0)


def test_relative_features_compare_with_the_other_articles_not_the_claims_source():
    feats = [{"emb_best": e, "idf_recall_best": i} for e, i in
             ((0.99, 1.0), (0.80, 0.6), (0.40, 0.2), (0.30, 0.1))]  # the first: the claim's source
    F.relative(feats)
    reporter, quiet = feats[1], feats[3]
    assert reporter["emb_vs_max"] == 0.8 - 0.4  # the source (cosine 0.99) is left out
    assert reporter["emb_rank"] == 0.0 and quiet["emb_rank"] == 1.0
    assert reporter["idf_vs_median"] > 0 > quiet["idf_vs_median"]
    alone = [{"emb_best": 0.7, "idf_recall_best": 0.5}]
    F.relative(alone)
    assert all(alone[0][n] == 0.0 for n in F.RELATIVE)


def test_shipped_judge_cross_validated_floor():
    """The figures ``python -m storyweave.claims.train`` recorded for the shipped model
    (5 folds by cluster on the tuning half): a retrained model may not slip under the
    round-4 ones unnoticed (round 3: reports P 0.737 R 0.496, disputes P 0.750 R 0.231)."""
    from storyweave.claims.judge import load_model

    model = load_model()
    cv = model["cross_validated"]
    assert model["features"] == list(F.NAMES)
    assert "reports" in model and len(model["reports"]["weights"]) == len(F.NAMES)
    assert cv["reports"]["recall"] >= 0.62 and cv["reports"]["precision"] >= 0.70
    assert cv["disputes"]["precision"] >= 0.80 and cv["disputes"]["recall"] >= 0.22
