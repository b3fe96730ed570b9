"""The PolNeAR adapter: brat parsing, span matching and scores on tiny synthetic corpora, then the real dev set."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest

from armswatch.evaluate import get_adapter
from armswatch.evaluate.polnear import match_overlap, parse_ann, read_items
from armswatch.records import Attribution, Document, Extraction, Mention, span_of

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "polnear"

TEXT = "The minister said that the talks had failed. Rain fell. “We will win,” Kim told reporters."


def _at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def _t(tid: int, kind: str, part: str, text: str = TEXT) -> str:
    s, e = _at(text, part)
    return f"T{tid}\t{kind} {s} {e}\t{part}"


# Attribution 1 with a source; attribution 2 with its content in two pieces (the quote and nothing else);
# a Discard span and a multi-line span's stray continuation line that must be ignored.
ANN = "\n".join(
    [
        _t(1, "Source", "The minister"),
        _t(2, "Cue", "said"),
        _t(3, "Content", "that the talks had failed"),
        _t(4, "Attribution", "said"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        _t(5, "Discard", "Rain fell."),
        f"T6\tContent {_at(TEXT, 'We will')[0]} {_at(TEXT, 'We will')[1]};{_at(TEXT, 'win')[0]} {_at(TEXT, 'win')[1]}\tWe will win",
        "a stray continuation line",
        _t(7, "Source", "Kim"),
        _t(8, "Cue", "told"),
        _t(9, "Attribution", "told"),
        "E2\tAttribution:T9 Cue:T8 Source:T7 Content:T6",
        "#1\tAnnotatorNotes T6\ta note",
        "",
    ]
)


def write_corpus(root: Path, texts: dict[str, tuple[str, dict[str, str]]], dates: bool = True) -> Path:
    """root/polnear/dev/{text,attributions} and root/polnear/metadata.tsv; texts: name → (text, {annotator: ann})."""
    split = root / "polnear" / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    rows = ["compartment\tfilename\tpublication_date"]
    for name, (text, anns) in texts.items():
        (split / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        for annotator, ann in anns.items():
            (split / "attributions" / f"{name}_{annotator}.ann").write_text(ann, encoding="utf-8")
        rows.append(f"dev\t{name}\t2016-09-12")
    if dates:
        (root / "polnear" / "metadata.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return split


def test_parse_ann_reads_attributions_and_joins_discontinuous_spans() -> None:
    got = parse_ann(ANN)
    assert len(got) == 2
    first, second = got
    assert first.source == _at(TEXT, "The minister")
    assert first.cue == _at(TEXT, "said")
    assert first.contents == [_at(TEXT, "that the talks had failed")]
    # "We will" .. "win": one span from the first start to the last end
    assert second.contents == [(_at(TEXT, "We will")[0], _at(TEXT, "win")[1])]
    assert second.source == _at(TEXT, "Kim")


def test_parse_ann_attribution_without_source() -> None:
    ann = "\n".join(
        [
            "T1\tCue 13 17\tsaid",
            "T2\tContent 18 43\tthat the talks had failed",
            "T3\tAttribution-no-source 13 17\tsaid",
            "E1\tAttribution-no-source:T3 Content:T2 Cue:T1",
        ]
    )
    (only,) = parse_ann(ann)
    assert only.source is None and only.cue == (13, 17) and only.contents == [(18, 43)]


def test_overlap_matching_is_one_to_one_and_prefers_the_largest_overlap() -> None:
    gold = [(0, 10), (12, 20)]
    pred = [(5, 14), (0, 4), (30, 40)]
    # (5, 14) overlaps gold 0 by 5 and gold 1 by 2: it goes to gold 0 first, so (0, 4) finds gold 0 taken.
    assert sorted(match_overlap(gold, pred)) == [(0, 0)]
    assert sorted(match_overlap([(0, 10), (12, 20)], [(8, 14), (0, 6)])) == [(0, 1), (1, 0)]


def test_limit_takes_texts_in_sorted_file_name_order_and_reads_dates(tmp_path: Path) -> None:
    split = write_corpus(tmp_path, {n: (TEXT, {"ef2d": ANN}) for n in ("c_doc", "a_doc", "b_doc")})
    items = read_items(split, 2)
    assert [i.name for i in items] == ["a_doc", "b_doc"]
    assert items[0].published == date(2016, 9, 12)
    # the polnear folder itself means its dev split
    assert [i.name for i in read_items(tmp_path / "polnear", None)] == ["a_doc", "b_doc", "c_doc"]


def test_every_takes_a_spread_out_slice_before_the_limit(tmp_path: Path) -> None:
    names = [f"doc_{n}" for n in range(7)]
    split = write_corpus(tmp_path, {n: (TEXT, {"ef2d": ANN}) for n in names})
    assert [i.name for i in read_items(split, None, every=3)] == ["doc_0", "doc_3", "doc_6"]
    assert [i.name for i in read_items(split, 2, every=3)] == ["doc_0", "doc_3"]


def test_every_is_for_polnear_only_and_at_least_one(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from armswatch.cli import main

    write_corpus(tmp_path, {"a_doc": (TEXT, {"ef2d": ANN})})
    got = CliRunner().invoke(main, ["eval", "timeml", str(tmp_path), "--every", "2"])
    assert got.exit_code == 2 and "polnear only" in got.output
    got = CliRunner().invoke(main, ["eval", "polnear", str(tmp_path / "polnear"), "--every", "0"])
    assert got.exit_code == 1 and "--every must be 1 or more" in got.output


def _fake_process(attrs: list[tuple[str, str, str]]) -> object:
    """A stand-in for armswatch.process.process that predicts the given (source, cue, content) texts."""

    def process(documents: Iterable[Document]) -> Iterator[Extraction]:
        for doc in documents:
            out = []
            for n, (source, cue, content) in enumerate(attrs):
                src = Mention(span_of(doc.text, *_at(doc.text, source)), "PERSON") if source else None
                out.append(
                    Attribution(
                        id=f"a{n}",
                        cue=span_of(doc.text, *_at(doc.text, cue)),
                        content=span_of(doc.text, *_at(doc.text, content)),
                        source=src,
                    )
                )
            yield Extraction(document=doc, attributions=out)

    return process


def test_scores_exact_and_overlap_per_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    split = write_corpus(tmp_path, {"doc": (TEXT, {"ef2d": ANN})})
    # 1: source and cue exact, content without "that" (overlap only);
    # 2: source "Kim" exact, cue "told reporters" (overlap), content "We will win," (overlap);
    # 3: spurious: cue "fell", content "Rain", no source.
    monkeypatch.setattr(
        "armswatch.process.process",
        _fake_process(
            [
                ("The minister", "said", "the talks had failed"),
                ("Kim", "told reporters", "We will win,"),
                ("", "fell", "Rain"),
            ]
        ),
    )
    result = get_adapter("polnear")(split, None)
    m = result.metrics
    assert result.items == 1
    assert m["source_exact_p"] == 1.0 and m["source_exact_r"] == 1.0
    assert m["cue_exact_p"] == pytest.approx(1 / 3) and m["cue_exact_r"] == pytest.approx(1 / 2)
    assert m["cue_overlap_p"] == pytest.approx(2 / 3) and m["cue_overlap_r"] == 1.0
    assert m["content_exact_f1"] == 0.0
    assert m["content_overlap_f1"] == pytest.approx(0.8)  # p 2/3, r 1
    assert m["attribution_r"] == 1.0 and m["attribution_p"] == pytest.approx(2 / 3)
    assert m["source_given_cue_acc"] == 1.0 and m["content_given_cue_acc"] == 1.0
    kinds = {(e["kind"], e["error"]) for e in result.errors}
    assert ("content", "boundary") in kinds and ("cue", "spurious") in kinds
    boundary = next(e for e in result.errors if e["kind"] == "content" and e["gold"].startswith("that"))
    assert boundary["missing_left"] == "that "
    assert result.counts["cue_tp_exact"] == 1


def test_several_annotators_score_against_the_first_and_report_agreement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = "\n".join(
        [
            _t(1, "Cue", "said"),
            _t(2, "Content", "the talks"),
            "E1\tAttribution-no-source:T1 Content:T2 Cue:T1",
        ]
    )
    split = write_corpus(tmp_path, {"doc": (TEXT, {"aaaa": ANN, "bbbb": other})})
    monkeypatch.setattr(
        "armswatch.process.process", _fake_process([("The minister", "said", "that the talks had failed")])
    )
    result = get_adapter("polnear")(split, None)
    assert result.metrics["cue_exact_p"] == 1.0 and result.metrics["cue_exact_r"] == 0.5
    assert any("Human agreement" in n for n in result.notes)


def test_the_pipeline_finds_a_plain_said_attribution(tmp_path: Path) -> None:
    split = write_corpus(tmp_path, {"doc": (TEXT, {"ef2d": ANN})}, dates=False)
    result = get_adapter("polnear")(split, None)
    m = result.metrics
    assert m["cue_exact_p"] > 0 and m["source_overlap_p"] > 0
    assert {"cue_exact_f1", "cue_overlap_f1", "source_exact_f1", "content_overlap_f1"} <= set(m)


# --- the real dev set ------------------------------------------------------------------------------------
needs_dev = pytest.mark.skipif(not (DEV / "dev").is_dir(), reason=f"{DEV} is absent")


@needs_dev
def test_every_gold_span_of_the_dev_set_lies_inside_its_text() -> None:
    items = read_items(DEV / "dev", None)
    assert len(items) > 50
    total = 0
    for item in items:
        for ann in item.annotations:
            for attr in parse_ann(ann.read_text(encoding="utf-8")):
                for span in [attr.cue, attr.source, *attr.contents]:
                    if span is not None:
                        assert 0 <= span[0] < span[1] <= len(item.text), (item.name, span)
                total += 1
    assert total > 2000


@needs_dev
def test_scores_on_the_first_dev_texts() -> None:
    result = get_adapter("polnear")(DEV / "dev", 2)
    assert result.items == 2
    for name in ("source", "cue", "content"):
        for variant in ("exact", "overlap"):
            for suffix in ("f1", "p", "r"):
                assert 0.0 <= result.metrics[f"{name}_{variant}_{suffix}"] <= 1.0
    # an overlap match is never harder than an exact one
    assert result.metrics["cue_overlap_f1"] >= result.metrics["cue_exact_f1"]
    assert result.metrics["cue_overlap_f1"] > 0.2
    assert all({"doc", "kind", "error", "context"} <= set(e) for e in result.errors)


def test_only_top_level_attributions_are_scored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # PolNeAR is univocal: "I think" inside a quote is never a gold attribution of its own.
    text = "“I think the talks failed,” Kim said."
    ann = "\n".join(
        [
            _t(1, "Source", "Kim", text),
            _t(2, "Cue", "said", text),
            _t(3, "Content", "“I think the talks failed,”", text),
            "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1",
            "",
        ]
    )
    split = write_corpus(tmp_path, {"doc": (text, {"ef2d": ann})})

    def process(documents: Iterable[Document]) -> Iterator[Extraction]:
        for doc in documents:
            outer = Attribution(
                "a1",
                span_of(doc.text, *_at(doc.text, "said")),
                span_of(doc.text, *_at(doc.text, "I think the talks failed")),
                source=Mention(span_of(doc.text, *_at(doc.text, "Kim")), "PERSON"),
            )
            inner = Attribution(
                "a2",
                span_of(doc.text, *_at(doc.text, "think")),
                span_of(doc.text, *_at(doc.text, "the talks failed")),
                source=Mention(span_of(doc.text, *_at(doc.text, "I")), "PRONOUN"),
                parent="a1",
            )
            yield Extraction(document=doc, attributions=[outer, inner])

    monkeypatch.setattr("armswatch.process.process", process)
    m = get_adapter("polnear")(split, None).metrics
    assert m["cue_exact_p"] == 1.0 and m["cue_exact_r"] == 1.0
    assert m["source_exact_p"] == 1.0
