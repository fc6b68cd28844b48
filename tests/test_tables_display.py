"""Tables and HTML for the notebooks: observations, derived figures, sources, highlighted text."""

from __future__ import annotations

import base64
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import hpdata
from hpdata import params
from hpdata.analysis.progress import PROGRESS_COLUMNS
from hpdata.report import (
    cite,
    derived,
    highlight,
    indicatorpage,
    observations,
    overview,
    sourcepage,
)
from hpdata.report import markup as pieces

SOURCES = ["hp-2019-07-11-nq45", "hp-2023-04-27-q1"]


class Tags(HTMLParser):
    """Collects ids, hrefs and each <mark>'s text; checks that tags are balanced."""

    VOID = frozenset({"br", "img", "hr", "meta", "link", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.marks: dict[str, str] = {}
        self.open_marks: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "mark":
            self.open_marks.append(attrs["id"])
            self.marks[attrs["id"]] = ""

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
        if tag == "mark":
            self.open_marks.pop()

    def handle_data(self, data):
        if "sup" in self.stack:
            return
        for mark in self.open_marks:
            self.marks[mark] += data


def parse(markup: str) -> Tags:
    parser = Tags()
    parser.feed(markup)
    parser.close()
    assert parser.stack == [], f"unclosed tags: {parser.stack}"
    return parser


def plain(markup: str) -> str:
    """The text of highlighted HTML: superscript links dropped, tags removed, entities decoded."""
    markup = re.sub(r"<sup>.*?</sup>", "", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def self_contained(markup: str) -> None:
    lowered = markup.lower()
    for bad in ("<script", "<link", "<style", "http://", "https://", "<img"):
        assert bad not in lowered, bad


# --- observations ---------------------------------------------------------------------------


def test_observations_table_lists_every_figure_with_its_quote_and_source() -> None:
    table = observations.observations_table("grdp", "vi")
    assert list(table.columns) == [
        "#", "Chỉ tiêu", "Loại", "Đo lường", "Kỳ", "Số liệu", "Trích dẫn", "Nguồn",
        "Ghi chú của người biên soạn",
    ]  # fmt: skip
    assert list(table.index) == ["obs-3", "obs-13"]  # rows 3 and 13 of observations.csv
    target, result = table.iloc[0], table.iloc[1]
    assert (target["Loại"], target["Số liệu"], target["Kỳ"]) == (
        "Mục tiêu",
        "tối thiểu 16%",
        "2019–2025",
    )
    assert (
        target["Trích dẫn"] == "tăng trưởng GRDP bình quân giai đoạn 2019 – 2025 tối thiểu là 16%"
    )
    assert target["Nguồn"] == "Cổng thông tin điện tử Thành phố Hải Phòng, 11/07/2019"
    assert (result["Số liệu"], result["Nguồn"]) == (
        "9,65%",
        "Hội nghị Thành ủy lần thứ 11, 27/04/2023",
    )
    en = observations.observations_table("budget_revenue", "en")
    assert list(en["Figure"]) == ["VND 180 – 190 trillion", "VND 24.04 trillion", "−9.46%"]
    assert set(en["Indicator"]) == {"State budget revenue"}


def test_observations_table_by_source_and_all() -> None:
    obs = hpdata.observations()
    every = observations.observations_table(lang="en")
    assert len(every) == len(obs)
    assert list(every["#"]) == [str(i) for i in range(1, len(obs) + 1)]
    one = observations.observations_table(lang="en", source_id="hp-2023-04-27-q1")
    assert len(one) == int((obs["source_id"] == "hp-2023-04-27-q1").sum()) == 22
    assert set(one["Source"]) == {"11th conference of the City Party Committee, Apr 27, 2023"}
    assert set(one["Period"]) == {"Q1 2023"}
    vi = observations.observations_table(lang="vi", source_id="hp-2023-04-27-q1")
    assert set(vi["Kỳ"]) == {"quý 1/2023"}
    notes = dict(zip(vi.index, vi["Ghi chú của người biên soạn"], strict=True))
    assert notes["obs-16"] == '"giảm" làm tăng trưởng mang dấu âm.'  # note_vi on vi pages


def test_unknown_parameters_are_refused_listing_the_valid_values() -> None:
    with pytest.raises(hpdata.ParameterError, match=r"unknown indicator 'gdp' \(valid: .*grdp"):
        observations.observations_table("gdp")
    with pytest.raises(hpdata.ParameterError, match=r"unknown source_id 'x' \(valid: hp-2019"):
        sourcepage.highlight_source("x")
    with pytest.raises(hpdata.ParameterError, match="lang 'de'"):
        derived.derived_table("grdp", "de")
    with pytest.raises(hpdata.ParameterError, match="unknown source_id"):
        sourcepage.sources_table("vi", ["nope"])
    assert params.check_indicator("iip") == "iip"
    assert params.check_source_id(SOURCES[0]) == SOURCES[0]
    assert params.check_lang("en") == "en"


def test_html_table_escapes_every_cell_and_link() -> None:
    made = pd.DataFrame(
        {"a": ['<script>alert("x")</script>', "5 & 6"], "b <i>": [float("nan"), "'q'"]},
        index=["r-1", 'r"2'],
    )
    markup = pieces.html_table(
        made, row_ids=True, links={"r-1": {"a": 'javascript:"x"<'}}, caption="<c>"
    )
    self_contained(markup)
    parsed = parse(markup)
    assert parsed.ids == ["r-1", 'r"2']
    assert parsed.hrefs == ['javascript:"x"<']  # escaped in the attribute, intact once parsed
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in markup
    assert "5 &amp; 6" in markup and "b &lt;i&gt;" in markup and "&lt;c&gt;" in markup
    assert "<td" in markup and ">–</div></td>" in markup  # NaN shown as a dash
    assert 'data-label="b &lt;i&gt;"' in markup  # each cell names its column (phone layout)
    assert "<i>" not in markup


def test_observations_html_gives_each_row_an_id_and_links_back_to_its_quote() -> None:
    markup = observations.observations_html(
        source_id="hp-2023-04-27-q1", lang="vi", link_quotes=True
    )
    parsed = parse(markup)
    assert parsed.ids == [f"obs-{n}" for n in range(13, 35)]
    assert [h for h in parsed.hrefs if h.startswith("#")] == [f"#quote-{n}" for n in range(13, 35)]
    assert "indicator.grdp.vi.html" in parsed.hrefs  # each row's indicator links to its page
    plain_rows = parse(observations.observations_html("grdp", "vi"))
    assert plain_rows.ids == ["obs-3", "obs-13"]
    assert plain_rows.hrefs == [  # each figure links to its quote on its source's page
        "sources.hp-2019-07-11-nq45.vi.html#quote-3",
        "sources.hp-2023-04-27-q1.vi.html#quote-13",
    ]


def test_quotes_are_marked_vietnamese_and_the_row_says_the_rest_in_english() -> None:
    en = observations.observations_html("exports", "en")
    assert '<q lang="vi">kim ngạch xuất khẩu đạt 6,59 tỷ USD</q>' in en
    assert "Gist:" not in en and ">USD 6.59 billion</a>" in en and ">Q1 2023<" in en
    assert 'data-label="#"' not in en and 'data-label="Indicator"' not in en  # no row number
    vi = observations.observations_html("exports", "vi")
    assert '<q lang="vi">kim ngạch xuất khẩu đạt 6,59 tỷ USD</q>' in vi and "gloss" not in vi


# --- derived figures ------------------------------------------------------------------------


def formulas(indicator: str, lang: str, progress: pd.DataFrame) -> dict[str, str]:
    table = derived.derived_table(indicator, lang, progress)
    return dict(zip(table.iloc[:, 0], table.iloc[:, 2], strict=True))


def test_derived_table_puts_the_numbers_into_each_formula(progress_vi, progress_en) -> None:
    dom = formulas("domestic_revenue", "vi", progress_vi)
    assert dom["Kế hoạch năm suy ra"] == (
        "Kết quả quý 1/2023 ÷ tỷ lệ kế hoạch năm: 8,132 nghìn tỷ đồng ÷ 19,13% = 42,51 nghìn tỷ đồng"
    )
    assert dom["Mức cùng kỳ năm trước suy ra"].endswith(
        "8,132 nghìn tỷ đồng ÷ (1 − 14,55%) = 9,517 nghìn tỷ đồng"
    )
    assert dom["Tiến độ so với mốc tuyến tính"].endswith("19,13% ÷ 25% = 0,77")
    assert dom["Tăng trưởng cần đạt/năm"].endswith(
        "(75 nghìn tỷ đồng ÷ 42,51 nghìn tỷ đồng)^(1 ÷ 2) − 1 = 32,83%"
    )
    assert (
        dom["Đánh giá"]
        == "Tỷ số tiến độ −0,44 so với ngưỡng: cao 0,95, vừa 0,60, thấp 0,00 → Đi xuống"
    )
    inv = formulas("total_investment", "en", progress_en)
    assert inv["Target per year"] == (
        "Total target for 2021–2025 ÷ 5 years: VND 1,500 trillion ÷ 5 = VND 300 trillion"
    )
    assert inv["Annual level compared"] == "The implied annual plan: VND 190 trillion"
    fdi = formulas("fdi", "vi", progress_vi)
    assert fdi["Tăng trưởng thực tế"] == "Tỷ lệ so với cùng kỳ − 100%: 95,26% − 100% = −4,74%"
    assert fdi["Mức cùng kỳ năm trước suy ra"].endswith("465 triệu USD ÷ 95,26% = 488,1 triệu USD")
    assert "Đánh giá" not in fdi  # no target, so no status from a ratio
    grdp = formulas("grdp", "en", progress_en)
    assert grdp["Required growth per year"] == "The stated growth target: 16%"
    assert (
        grdp["Progress ratio"] == "Observed growth ÷ required growth: 9.65% ÷ 16% = 0.60"
    )  # two decimals, never 0.6
    budget = formulas("budget_revenue", "vi", progress_vi)
    assert budget["Mức cả năm dùng để so sánh"].startswith("Không có tỷ lệ kế hoạch năm")
    assert budget["Ước cả năm (thô: quý × 4)"].endswith(
        "24,04 nghìn tỷ đồng × 4 = 96,17 nghìn tỷ đồng"
    )


def test_every_derived_formula_ends_with_its_value(progress_vi, progress_en) -> None:
    for lang, progress in (("vi", progress_vi), ("en", progress_en)):
        for _, row in progress.iterrows():
            for item in derived.derived_rows(row, lang):
                assert item["formula"].endswith(item["value"]), item
                assert "{" not in item["formula"], item


def test_derived_table_is_empty_for_a_target_with_no_result(progress_vi) -> None:
    table = derived.derived_table("gdp_share_national", "vi", progress_vi)
    assert table.empty and list(table.columns) == ["Số liệu suy ra", "Giá trị", "Công thức"]
    assert len(derived.derived_table("iip", "en")) > 0  # computes progress itself when not given


def test_derived_rows_for_an_achieved_target_and_a_full_year_result() -> None:
    row = dict.fromkeys(PROGRESS_COLUMNS, float("nan"))
    row.update(
        indicator="x", name="X", unit="USD", target_measure="level", target_bound="min",
        target_value=1e9, target_period="2025", target_annual=1e9, result_period="2024",
        result_level=1.2e9, annual_basis=1.2e9, annual_basis_kind="result", years_left=1.0,
        status="target_achieved", status_label="Đã đạt mục tiêu", plan_status="not_available",
    )  # fmt: skip
    items = {i["key"]: i["formula"] for i in derived.derived_rows(row, "vi")}
    assert items["annual_basis"] == "Kết quả cả năm: 1,2 tỷ USD"
    assert items["status"] == "Mục tiêu đã đạt → Đã đạt mục tiêu"
    assert "progress_ratio" not in items and "target_annual" not in items


# --- overview lists -------------------------------------------------------------------------


def test_no_result_targets_lists_the_targets_without_a_result(progress_vi, progress_en) -> None:
    table = overview.no_result_targets(progress_vi, "vi")
    assert list(table.columns) == ["Chỉ tiêu", "Mục tiêu", "Trích dẫn", "Nguồn"]
    expected = progress_vi[(progress_vi.target_measure != "") & (progress_vi.result_period == "")]
    assert list(table["Chỉ tiêu"]) == list(expected["name"])
    assert len(table) == 7
    assert "GRDP bình quân đầu người" in set(table["Chỉ tiêu"])
    assert "14.740 USD (năm 2025)" in set(table["Mục tiêu"])
    assert not set(table["Chỉ tiêu"]) & {"Thu nội địa", "Khách du lịch"}
    en = overview.no_result_targets(progress_en, "en")
    assert "USD 14,740 (2025)" in set(en["Target"])
    assert set(en["Source"]) == {"Hai Phong City Electronic Portal, Jul 11, 2019"}


def test_sources_table_and_the_sources_a_table_cites(progress_vi) -> None:
    table = sourcepage.sources_table("vi")
    frame = hpdata.sources()
    assert list(table.index) == SOURCES
    assert list(table["Tiêu đề"]) == list(frame["title"])
    assert list(table["Số liệu đã trích"]) == ["12", "22"]
    assert list(table["Ngày đăng"]) == ["11/07/2019", "27/04/2023"]
    assert list(table["Đơn vị đăng"]) == ["Cổng thông tin điện tử Thành phố Hải Phòng", "–"]
    only = sourcepage.sources_table("en", ["hp-2023-04-27-q1"])
    assert list(only["Published"]) == ["Apr 27, 2023"]
    assert list(only["Title"]) == list(frame["title_en"])[1:]
    assert parse(sourcepage.sources_html("en")).hrefs == [f"sources.{s}.en.html" for s in SOURCES]
    assert overview.cited_sources(progress_vi) == SOURCES
    no_results = progress_vi[progress_vi["result_period"] == ""]
    assert overview.cited_sources(no_results) == ["hp-2019-07-11-nq45"]


def test_source_metadata_recomputes_the_checksum() -> None:
    meta = dict(sourcepage.source_metadata("hp-2023-04-27-q1", "vi").itertuples(index=False))
    assert (
        meta["SHA-256"] == hpdata.sources().set_index("source_id").loc["hp-2023-04-27-q1", "sha256"]
    )
    assert meta["Tổng kiểm tra khớp với tệp"] == "có"
    assert meta["Kích thước"] == "9.360 byte"
    assert meta["Số liệu đã trích"] == "22"
    assert meta["Đơn vị đăng"] == "–"
    en = dict(sourcepage.source_metadata("hp-2019-07-11-nq45", "en").itertuples(index=False))
    assert en["Size"] == "12,854 bytes" and en["Published"] == "Jul 11, 2019"


def test_source_metadata_shows_a_mismatch(monkeypatch) -> None:
    class Fake:
        def __init__(self, data: bytes) -> None:
            pass

        def hexdigest(self) -> str:
            return "0" * 64

    monkeypatch.setattr(sourcepage.hashlib, "sha256", Fake)
    meta = dict(sourcepage.source_metadata("hp-2023-04-27-q1", "en").itertuples(index=False))
    assert meta["Checksum matches the file"] == f"✗ ({'0' * 64})"


# --- highlighted source text ----------------------------------------------------------------


def M(id_: str, quote: str, tag: str = "1") -> highlight.Mark:
    return highlight.Mark(id_, quote, f"#row-{id_}", tag, f"title <{id_}>")


def test_highlight_text_escapes_the_text_and_the_quotes() -> None:
    text = 'a < b & "c" <b>bold</b> then a < b again'
    markup = highlight.highlight_text(text, [M("q1", "a < b"), M("q2", "<b>bold</b>")])
    self_contained(markup)
    parsed = parse(markup)
    assert parsed.marks == {"q1": "a < b", "q1-2": "a < b", "q2": "<b>bold</b>"}
    assert "b" not in parsed.tags  # the <b> in the text stays text
    assert parsed.hrefs == ["#row-q1", "#row-q2", "#row-q1"]
    assert plain(markup) == text
    assert 'title="title &lt;q1&gt;"' in markup


def test_highlight_text_nests_contained_quotes_and_cuts_partial_overlaps() -> None:
    text = "thu nội địa đạt 8132 tỷ đồng, giảm 14,55% so với cùng kỳ"
    nested = highlight.highlight_text(
        text, [M("outer", "thu nội địa đạt 8132 tỷ đồng"), M("inner", "8132")]
    )
    parsed = parse(nested)
    assert parsed.marks["outer"] == "thu nội địa đạt 8132 tỷ đồng"
    assert parsed.marks["inner"] == "8132"
    assert plain(nested) == text
    overlap = highlight.highlight_text(text, [M("a", "8132 tỷ đồng, giảm"), M("b", "giảm 14,55%")])
    parsed = parse(overlap)  # balanced tags despite the overlap
    assert parsed.marks["a"] == "8132 tỷ đồng, giảm"
    assert parsed.marks["b"].startswith("giảm")
    assert plain(overlap) == text
    missing = highlight.highlight_text(text, [M("z", "không có"), M("e", "")])
    assert "<mark" not in missing and plain(missing) == text


@pytest.mark.parametrize("source_id", SOURCES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_curated_quote_is_highlighted_and_linked_to_its_row(
    source_id: str, lang: str
) -> None:
    markup = sourcepage.highlight_source(source_id, lang)
    self_contained(markup)
    parsed = parse(markup)
    obs = hpdata.observations()
    mine = obs[obs["source_id"] == source_id]
    assert len(mine) > 0
    for index, row in mine.iterrows():
        n = index + 1
        assert parsed.marks[f"quote-{n}"] == row["quote"]
        assert f"#obs-{n}" in parsed.hrefs
    table = parse(observations.observations_html(source_id=source_id, lang=lang, link_quotes=True))
    targets = {h[1:] for h in parsed.hrefs}
    assert {f"obs-{i + 1}" for i in mine.index} <= set(table.ids)
    assert targets - {"benchmark", "quote-benchmark"} <= set(table.ids)  # each link has its row
    assert targets & {"benchmark", "quote-benchmark"} <= set(parsed.ids)
    back = {h[1:] for h in table.hrefs if h.startswith("#")}
    assert back and back <= set(parsed.ids)  # and every row links back
    body = markup.split('<p id="benchmark">')[0]
    assert plain(body) == hpdata.source_text(source_id)


def test_the_benchmark_quote_is_highlighted_in_its_source() -> None:
    parsed = parse(sourcepage.highlight_source("hp-2023-04-27-q1", "en"))
    assert parsed.marks["quote-benchmark"] == "chưa đạt tỷ lệ 25% kế hoạch năm"
    assert "benchmark" in parsed.ids and "#benchmark" in parsed.hrefs
    assert "quote-benchmark" not in parse(sourcepage.highlight_source("hp-2019-07-11-nq45")).marks


# --- citations ------------------------------------------------------------------------------


def test_source_line_cites_each_source_once_in_file_order(tmp_path: Path) -> None:
    line = cite.source_line(["hp-2023-04-27-q1", "", "hp-2019-07-11-nq45", "hp-2023-04-27-q1"])
    assert line == (
        "Nguồn: Cổng thông tin điện tử Thành phố Hải Phòng, 11/07/2019; "
        "Hội nghị Thành ủy lần thứ 11, 27/04/2023. Số liệu suy ra được tính từ số liệu nguồn."
    )
    assert cite.source_line(["hp-2019-07-11-nq45"], "en", calc=False) == (
        "Source: Hai Phong City Electronic Portal, Jul 11, 2019"
    )
    assert cite.source_label("unknown-id") == "unknown-id"
    assert cite.source_name({"publisher": "", "title": "No colon here"}) == "No colon here"


# --- small HTML pieces ----------------------------------------------------------------------


def test_heading_html_escapes_and_checks_its_level() -> None:
    assert pieces.heading_html("A & <B>", 1) == "<h1>A &amp; &lt;B&gt;</h1>"
    with pytest.raises(hpdata.ParameterError, match="heading level"):
        pieces.heading_html("x", 7)


def test_caveat_html_gives_the_status_and_caveat(progress_vi, progress_en) -> None:
    markup = indicatorpage.caveat_html(progress_vi, "budget_revenue", "vi")
    parse(markup)
    assert markup.startswith('<p><strong>Đánh giá:</strong> <span class="status-mark"')
    assert "</span>Đi xuống<br><strong>Lưu ý:</strong>" in markup
    assert "× 4" in markup
    made = progress_en.copy()
    made.loc[made.indicator == "grdp", "caveat"] = "<b>&</b>"
    tagged = indicatorpage.caveat_html(made, "grdp", "en")
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in tagged and "<b>" not in tagged
    made.loc[made.indicator == "grdp", "caveat"] = ""
    plain_status = indicatorpage.caveat_html(made, "grdp", "en")
    assert plain_status.endswith("</span>Moderate progress</p>") and "<br>" not in plain_status
    assert indicatorpage.caveat_html(made.iloc[0:0], "grdp", "en") == ""


def test_html_table_says_when_it_is_empty() -> None:
    frame = pd.DataFrame({"a": []})
    assert pieces.html_table(frame, empty="Không có <mục> nào") == "<p>Không có &lt;mục&gt; nào</p>"
    assert pieces.html_table(frame).startswith('<div class="table-wrap"')


# --- the answer first: status table, legend, headline --------------------------------------


def test_status_html_puts_the_most_urgent_first_and_groups_what_cannot_be_assessed(
    progress_en,
) -> None:
    from hpdata.analysis.wording import headline

    markup = overview.status_html(progress_en, "en")
    self_contained(markup)
    parsed = parse(markup)
    assessed, rest = markup.split("<h3>Not enough data to assess</h3>")
    links = [h for h in parse(assessed).hrefs if h.startswith("indicator.")]
    assert links[:2] == ["indicator.domestic_revenue.en.html", "indicator.budget_revenue.en.html"]
    assert len(links) == 9  # 5 against a target and 4 against the plan only
    assert "indicator.port_cargo.en.html" in links
    others = [h for h in parse(rest).hrefs if h.startswith("indicator.")]
    assert len(others) == 7 and "indicator.grdp_per_capita.en.html" in others
    # each caveat is a numbered note below the tables, linked from its row
    notes = [h for h in parsed.hrefs if h.startswith("#caveat-")]
    assert notes and {h[1:] for h in notes} <= set(parsed.ids)
    assert len(notes) == int((progress_en["caveat"] != "").sum())
    # each status as colour, mark and word; the plan pace with its shortfall in points
    assert 'aria-hidden="true">✗</span>Deterioration' in assessed
    assert "Behind the benchmark" in assessed and "7 points behind the 25% benchmark" in assessed
    assert overview.headline_html("en") == f'<p class="lead">{html.escape(headline("en"))}</p>'


def test_legend_states_every_status_with_its_threshold() -> None:
    from hpdata.analysis.status import status_legend

    markup = overview.legend_html("vi")
    self_contained(markup)
    for scheme in ("status", "plan_status"):
        for row in status_legend(scheme, "vi").itertuples():
            assert f"{html.escape(row.label)}: {html.escape(row.rule)}" in markup
    assert "0,6" in markup and "0,95" in markup


def test_ink_keeps_the_mark_readable_on_its_colour() -> None:
    assert pieces.ink("#FFFFFF") == "#000" and pieces.ink("#000000") == "#fff"
    assert pieces.ink("#D55E00") == "#000" and pieces.ink("#0072B2") == "#fff"
    assert "color:#fff" in pieces.status_badge("#0072B2", "▲", "x")


def test_notes_mark_their_vietnamese_phrases() -> None:
    assert pieces.mark_vietnamese('"giảm" (down) <b>') == (
        '<span lang="vi">&quot;giảm&quot;</span> (down) &lt;b&gt;'
    )
    en = observations.observations_html("port_cargo", "en")
    assert '<span lang="vi">&quot;giảm&quot;</span> (down)' in en
    assert 'lang="vi"' in sourcepage.source_metadata_html("hp-2019-07-11-nq45", "en")


def test_indicator_page_parts(progress_vi) -> None:
    assert indicatorpage.indicator_page_title("domestic_revenue", "vi") == (
        "Thu nội địa — Hải Phòng, quý 1/2023"
    )
    assert indicatorpage.indicator_page_title("grdp_per_capita", "en") == (
        "GRDP per capita — Hai Phong, 2025"
    )
    meta = dict(indicatorpage.indicator_metadata("national_logistics_zones", "en"))
    assert meta["Unit"] == "count" and meta["Better when"] == "higher"
    assert meta["Sources and dates"] == "Hai Phong City Electronic Portal, Jul 11, 2019"
    assert "0.95" in meta["Method"] and meta["Metadata last updated"]
    assert meta["Latest source published"] == "July 11, 2019"
    assert dict(indicatorpage.indicator_metadata("exports", "en"))["Latest source published"] == (
        "April 27, 2023"
    )
    markup = indicatorpage.indicator_metadata_html("exports", "vi", progress_vi)
    assert 'href="method.html"' in markup and "<dt>Định nghĩa</dt>" in markup
    assert sourcepage.source_page_title("hp-2023-04-27-q1", "en").startswith("11th conference")


def test_csv_downloads_carry_base_units_formatted_figures_quotes_and_sources(
    progress_vi,
) -> None:
    rows = observations.observations_csv("budget_revenue", "vi")
    assert list(rows["row"]) == [5, 15, 16]
    assert rows["value"].iloc[1] == 24042000000000.0
    assert rows["figure"].iloc[1] == fmt_figure(24042000000000.0)
    assert rows["quote"].iloc[0] in hpdata.source_text("hp-2019-07-11-nq45")
    assert rows["period_text"].iloc[1] == "quý 1/2023" and rows["published"].iloc[1] == "27/04/2023"
    shown = overview.progress_csv(progress_vi, "vi")
    assert len(shown) == 16 and "Đánh giá (như hiển thị)" in shown.columns


def fmt_figure(value: float) -> str:
    from hpdata.numberstyle import fmt

    return fmt(value, "VND", "vi")


# --- pages: header, download, template, index ------------------------------------------------


def test_header_links_home_and_to_the_other_language() -> None:
    from hpdata.report import pages

    header = pages.header_html("indicator", "en", "grdp", "GRDP — Hai Phong")
    parsed = parse(header)
    assert parsed.hrefs == ["index.en.html", "index.en.html", "indicator.grdp.vi.html"]
    assert 'hreflang="vi" lang="vi">Tiếng Việt</a>' in header
    assert pages.href("sources", "vi", "x", "quote-3") == "sources.x.vi.html#quote-3"
    assert pages.report_name("method", "vi") == "method"
    with pytest.raises(ValueError, match="unknown page kind"):
        pages.report_name("nope", "vi")


def test_download_writes_the_csv_beside_the_charts(tmp_path: Path, monkeypatch) -> None:
    from hpdata.report import pages

    frame = pd.DataFrame({"a": ["Hải Phòng"], "b": [1.5]})
    monkeypatch.delenv("HPDATA_FIGURES_DIR", raising=False)
    assert pages.download_html(frame, "overview", "vi") == ""
    monkeypatch.setenv("HPDATA_FIGURES_DIR", str(tmp_path))
    link = pages.download_html(frame, "indicator", "en", "grdp")
    assert "(1 row)" in link and 'download="indicator.grdp.en.csv"' in link
    assert (tmp_path / "data.csv").read_text(encoding="utf-8-sig") == "a,b\nHải Phòng,1.5\n"
    # the link carries the file itself, so a page mailed alone keeps its data
    (uri,) = re.findall(r'href="(data:[^"]+)"', link)
    head, _, payload = uri.partition(",")
    assert head == "data:text/csv;charset=utf-8;base64"
    assert base64.b64decode(payload) == (tmp_path / "data.csv").read_bytes()
    two = pages.download_html(pd.concat([frame, frame]), "indicator", "en", "grdp")
    assert "(2 rows)" in two and "(1 dòng)" in pages.download_html(frame, "overview", "vi")


def test_the_template_makes_a_light_page_with_the_notebooks_title_and_header() -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from hpdata.report import export, pages

    header = pages.header_html("overview", "en", None, "A <title>")
    meta = {"title": "A <title>", "lang": "en", "header": header}
    cell = new_code_cell("x")
    cell.outputs = [
        new_output("display_data", {"text/html": header}, metadata={"hpdata_page": meta}),
        new_output("display_data", {"text/html": "<p>body</p>"}),
        new_output("display_data", {"image/png": "iVBORw0KGgo="}, metadata={"alt": "a chart"}),
    ]
    book = new_notebook(cells=[cell])
    page = export.to_html(export.make_exporter("vi"), nbformat.from_dict(book), "fallback")
    assert '<html lang="en">' in page and "<title>A &lt;title&gt;</title>" in page
    assert 'name="viewport"' in page and "@media print" in page
    assert page.count('class="site-header"') == 1  # the header once, above the page
    assert "<p>body</p>" in page and 'alt="a chart"' in page
    assert "<script" not in page and "jp-" not in page
    assert len(page.encode()) < 12_000
    assert export.page_meta(book) == meta and export.PAGE_META == pages.PAGE_META


def test_an_image_without_alt_text_still_gets_nbconverts_placeholder() -> None:
    """The exporter skips nbconvert's BeautifulSoup pass but keeps what it did for readers: an
    ``<img>`` without ``alt`` gets the placeholder, one with ``alt`` keeps its own."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from hpdata.report import export

    cell = new_code_cell("x")
    bare = '<img src="data:image/png;base64,iVBORw0KGgo=">'
    described = '<img alt="a map" src="data:image/png;base64,iVBORw0KGgo=">'
    cell.outputs = [new_output("display_data", {"text/html": bare + described})]
    page = export.to_html(
        export.make_exporter("en"), nbformat.from_dict(new_notebook(cells=[cell])), "t"
    )
    assert page.count(f'alt="{export.NO_ALT}"') == 1 and page.count('alt="a map"') == 1
    assert not re.search(r"<img\b(?![^>]*\balt=)", page)


def test_index_files_answer_first_and_link_the_dataset(tmp_path: Path) -> None:
    from hpdata.report import indexpage
    from hpdata.report.plan import make_plan

    plan = make_plan(out_dir=tmp_path)
    answer = indexpage.status_tables(str(plan.data_dir), plan.langs)
    files = indexpage.index_files(plan, answer)
    assert set(files) == {
        "index.html", "index.en.html", "method.html", "method.en.html",
        "data/observations.csv", "data/indicators.csv", "data/sources.csv",
        "data/datapackage.json",
    }  # fmt: skip
    assert files["data/observations.csv"] == (plan.data_dir / "observations.csv").read_bytes()
    vi, en = files["index.html"].decode(), files["index.en.html"].decode()
    assert '<html lang="vi">' in vi and '<html lang="en">' in en
    assert vi.index('class="lead"') < vi.index("<table") < vi.index('href="data/observations.csv"')
    assert 'href="index.html"' in en and 'hreflang="vi"' in en
    method = files["method.en.html"].decode()
    assert "25% of the annual plan after a quarter" in method and "0.95" in method


def test_the_plan_pace_formula_states_the_plan_pace_rule_not_the_progress_thresholds():
    import hpdata

    table = hpdata.progress(lang="en")
    row = table[table["indicator"] == "port_cargo"].iloc[0]
    formula = next(d for d in derived.derived_rows(row, "en") if d["key"] == "plan_status")
    assert formula["formula"] == (
        "Pace 0.72 against 1.00 (below it: behind; from 100% of the plan: met) "
        "→ Behind the benchmark"
    )
    assert "0.95" not in formula["formula"]


def test_status_table_keeps_each_target_of_an_indicator_apart(progress_en: pd.DataFrame) -> None:
    """Two targets of one indicator are two rows, each with its own status and caveat note
    (cells were keyed by indicator, so the second target's badge overwrote the first's)."""
    grdp = progress_en[progress_en["indicator"] == "grdp"]
    second = grdp.copy()
    second["target_period"] = "2021-2025"
    second["status"] = pd.Categorical(
        ["target_achieved"], categories=progress_en["status"].cat.categories
    )
    second["caveat"] = "A second caveat."
    frame = pd.concat([progress_en, second], ignore_index=True)
    markup = overview.status_html(frame, "en")
    rows = [r for r in markup.split("<tr>") if "indicator.grdp.en.html" in r]
    assert len(rows) == 2
    first_word = str(grdp["status_label"].iloc[0])
    assert sum(first_word in r for r in rows) == 1
    assert sum("Target achieved" in r for r in rows) == 1
    parsed = parse(markup)
    notes = [h[1:] for h in parsed.hrefs if h.startswith("#caveat-")]
    assert len(notes) == len(set(notes)) and set(notes) <= set(parsed.ids)


def test_overview_title_names_the_latest_result_period() -> None:
    """The overview's title and introduction name the latest result period of the data (or of
    ``as_of``), not a period written into a label."""
    assert overview.overview_title("en") == "Hai Phong: targets and Q1 2023 results"
    assert overview.overview_title("vi") == "Hải Phòng: mục tiêu và kết quả quý 1/2023"
    assert overview.latest_result_text("en", as_of="2022") == "–"
    intro = pieces.section_html("progress_title", "intro_overview", "en", period="Q1 2023")
    assert "(data up to Q1 2023)" in intro and "first target" not in intro


def test_latest_result_follows_a_new_report(data_copy: Path, edit_csv) -> None:
    def add_h1(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        row = next(r for r in rows if r["kind"] == "result")
        return [*rows, {**row, "period": "2023-H1"}]

    edit_csv(data_copy / "observations.csv", add_h1)
    assert overview.latest_result_text("en", data_dir=data_copy) == "first half of 2023"
    assert overview.latest_result_text("en", "2023-Q1", data_copy) == "Q1 2023"
