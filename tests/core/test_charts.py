import re

from pilote.core import charts


def test_bar_chart_is_svg_with_a_text_alternative():
    svg = charts.bar_chart(["2021", "2022"], {"Postes": [3, 4]}, title="Achats par année")
    assert svg.startswith("<svg ")
    assert 'role="img"' in svg
    assert "Achats par année. 2021 : Postes 3; 2022 : Postes 4" in svg


def test_same_figure_is_drawn_once(monkeypatch):
    drawn = []
    original = charts._to_svg
    monkeypatch.setattr(charts, "_to_svg", lambda *a: drawn.append(1) or original(*a))
    first = charts.line_chart(["S1", "S2"], {"Connexions": [10, 12]}, title="Semaine unique 42")
    second = charts.line_chart(["S1", "S2"], {"Connexions": [10, 12]}, title="Semaine unique 42")
    assert first == second and len(drawn) == 1
    charts.line_chart(["S1", "S2"], {"Connexions": [10, 13]}, title="Semaine unique 42")
    assert len(drawn) == 2


def test_labels_are_drawn_as_typed_never_as_mathematics():
    """A room named « Salle $x$ » was drawn « Salle x » in italics, « $$ » crashed."""
    labels = ["Salle $x$", "$$", r"$\frac{"]
    for draw in (charts.bar_chart, charts.line_chart):
        svg = draw(labels, {"Taux $ (%)": [1, 2, 3]}, title="Occupation $$", ylabel="$")
        assert ">Salle $x$</text>" in svg and ">$$</text>" in svg, draw.__name__


def test_one_style_marianne_french_numbers_and_the_data_table_next_to_the_chart():
    markup = charts.bar_chart(
        ["2023", "2024"],
        {"Achats": [12.5, 1250], "Réformes": [3, 4]},
        title="Achats par année",
        ylabel="Appareils",
    )
    svg, table = markup.split("</svg>")
    assert "Marianne" in svg
    assert "#000091" in svg  # DSFR blue France first
    # French numbers in the text alternative and in the table; thousands apart.
    assert "2023 : Achats 12,5, Réformes 3" in svg
    assert '<th scope="row">2024</th><td class="pilote-number">1\u00a0250</td>' in table
    assert "<summary>Données du graphique</summary>" in table
    assert "<caption>Achats par année</caption>" in table


def test_bars_start_from_zero_and_the_legend_stays_out_of_the_plot(monkeypatch):
    seen = {}
    original = charts._to_svg

    def spy(figure, title, description):
        axes = figure.axes[0]
        seen["ylim"] = axes.get_ylim()
        seen["axes_legend"] = axes.get_legend()
        seen["figure_legends"] = list(figure.legends)
        return original(figure, title, description)

    monkeypatch.setattr(charts, "_to_svg", spy)
    charts.bar_chart(["A", "B"], {"Un": [50, 52], "Deux": [51, 53]}, title="Depuis zéro")
    assert seen["ylim"][0] == 0
    # A figure legend placed outside the axes (constrained layout makes room under them).
    assert seen["axes_legend"] is None and len(seen["figure_legends"]) == 1
    assert seen["figure_legends"][0]._outside_loc == "lower"


def test_time_axes_use_french_month_names():
    from datetime import date

    markup = charts.history_chart(
        [(date(2025, 9, 1), 10), (date(2026, 1, 5), 14.5)],
        start=date(2025, 9, 1),
        end=date(2026, 6, 30),
        title="Comptes actifs",
    )
    assert ">sept. 2025</text>" in markup and ">janv. 2026</text>" in markup
    assert "dernière valeur 14,5" in markup
    assert '<th scope="row">05/01/2026</th><td class="pilote-number">14,5</td>' in markup


def test_colours_and_strokes_are_attributes_and_only_the_font_is_inline_css():
    """WeasyPrint reads an inline SVG's ``style`` as HTML's CSS and warns of every SVG-only
    property in it: hundreds of lines a report in the worker's log."""
    svg = charts.bar_chart(["A", "B"], {"Un": [1, 2]}, title="Attributs", table=False)
    assert 'fill="#000091"' in svg and 'stroke="#666666"' in svg
    for style in re.findall(r'(?<![\w-])style="([^"]*)"', svg):
        properties = {part.split(":")[0].strip() for part in style.split(";")}
        assert not properties & charts.PRESENTATION_PROPERTIES, style
    # matplotlib's sheet ``*{…}`` would style the whole page: it is the root's attributes now.
    assert "<style" not in svg
    assert svg.startswith('<svg stroke-linejoin="round" stroke-linecap="butt" ')
    assert "font-family: 'Marianne'" in svg
