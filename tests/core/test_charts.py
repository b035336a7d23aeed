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
