"""Bylines: names of people out of "by ..." lines, in several languages."""

from __future__ import annotations

import pytest

from cleaners.byline import byline_names, split_names


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("by Jarrett Renshaw and Vladimir Soldatkin", ["Jarrett Renshaw", "Vladimir Soldatkin"]),
        ("By Jane Doe", ["Jane Doe"]),
        ("von Katrin Albers", ["Katrin Albers"]),
        ("por Lucía Fernández Ortega", ["Lucía Fernández Ortega"]),
        ("Autorka: Anna Kowalska", ["Anna Kowalska"]),
        ("by time news", []),
        # the names end where a date, time, handle, bracket or dash follows them
        ("By Jane Doe March 18 at 12:22 PM Follow @janedoe", ["Jane Doe"]),
        ("By JOHN SMITH JAN. 13, 2017", ["John Smith"]),
        ("by Jane Doe January 18, 2017 11:00 PM PST", ["Jane Doe"]),
        ("Von Anna Schmidt, 18. März 2024", ["Anna Schmidt"]),
        ("By Jane Doe - Apr 16, 2015 8:02 pm UTC", ["Jane Doe"]),
        ("by Jane Doe (reporting) and John Smith (photography)", ["Jane Doe"]),
        ("By Theresa May", ["Theresa May"]),
        # names in any script; the bylines' labels in more languages
        ("Автор: Иван Петров", ["Иван Петров"]),
        ("Текст: Анна Смирнова · 11 октября 2018", ["Анна Смирнова"]),
        ("Του Γιάννη Παπαδόπουλου", None),  # "of" in Greek: not a byline word here
        ("Escrito por Ana Souza", ["Ana Souza"]),
        ("Texte : Paul Martin", ["Paul Martin"]),
        ("Kirjoittaja: Matti Virtanen", ["Matti Virtanen"]),
        ("Foto: Jan Novák", None),  # the photographer
    ],
)
def test_byline_names(line: str, names: list[str]) -> None:
    assert byline_names(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "By deploying tens of thousands of troops to the border, Russia has fueled concerns.",
        "U.S. President Joe Biden said so.",
        "",
    ],
)
def test_not_a_byline(line: str) -> None:
    assert byline_names(line) is None


def test_split_names_drops_non_people() -> None:
    assert split_names("Reuters") == []
    assert split_names("Anna Müller und Jan Nowak") == ["Anna Müller", "Jan Nowak"]


def test_a_name_given_twice_in_other_case_is_one_author() -> None:
    assert split_names("Jane Doe and JANE DOE, John Smith") == ["Jane Doe", "John Smith"]


def test_a_label_the_metadata_keeps_is_no_name() -> None:
    """An author field holding its label ("Текст: ..." with its colon dropped)."""
    assert split_names("Текст Венера Ерофеева; Text: Anna Berg") == ["Венера Ерофеева", "Anna Berg"]
    assert split_names("Textor Meier") == ["Textor Meier"]  # a name, not a label
