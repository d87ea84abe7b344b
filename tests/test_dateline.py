"""A text dump's publication date: a whole date on a short line above the article."""

from __future__ import annotations

from datetime import datetime

import pytest

from cleaners.pipeline import clean
from cleaners.record import Article
from cleaners.strip.dateline import whole_date

LATEST = datetime(2026, 11, 27)


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Published 11:26 pm EST, Tuesday, November 19, 2019", "2019-11-19"),
        ("By Jane Doe - 2018-09-16", "2018-09-16"),
        ("12. März 2024", "2024-03-12"),
        ("Le 3 avril 2019 à 10h", "2019-04-03"),
        ("Updated: May 24, 2005", "2005-05-24"),
    ],
)
def test_a_whole_date_is_read(line: str, date: str) -> None:
    assert whole_date(line, LATEST) == date


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Publicado el 23 de noviembre de 2025 a las 10:15", "2025-11-23"),
        ("sexta-feira, 3 de outubro de 2025 às 20:13", "2025-10-03"),
        ("Aktualizováno 23. prosince 2025", "2025-12-23"),
        ("Opublikowano: 3 lutego 2025", "2025-02-03"),
        ("Текст: Анна Иванова · 11 октября 2025", "2025-10-11"),
        ("Δημοσίευση 23 Δεκεμβρίου 2025", "2025-12-23"),
        ("Publicat el 1 d'abril de 2025", "2025-04-01"),
        ("Le 1er décembre 2025", "2025-12-01"),
        ("Nov. 19, 2025 8:03 am ET", "2025-11-19"),
        ("2025年11月23日 14:30", "2025-11-23"),
        ("2025년 11월 23일", "2025-11-23"),
        ("23. 11. 2025 v 14:30", "2025-11-23"),
    ],
)
def test_a_date_htmldate_does_not_read_is_read_here(line: str, date: str) -> None:
    """Month names of many languages (dateparser's), CJK dates, Czech spacing."""
    assert whole_date(line, LATEST) == date


@pytest.mark.parametrize(
    "line",
    [
        "23 listopada 2025",  # November in Polish, October in Croatian: which is unknown
        "Seite 3 von 2025",  # no month
        "31 de febrero de 2025",  # no such day
        "Publicado el 23 de noviembre de 2031",  # to come
    ],
)
def test_no_date_read_here(line: str) -> None:
    assert whole_date(line, LATEST) is None


@pytest.mark.parametrize(
    "line",
    [
        "2005",  # a year alone: the parser would add today's month and day
        "11/12/19 4:40PM",  # day and month in an unknown order, the year in two digits
        "10月14日",  # no year: the parser would add this one
        "March 3, 2031",  # to come: an event's date, not the page's
    ],
)
def test_no_whole_date(line: str) -> None:
    assert whole_date(line, LATEST) is None


BODY = (
    "The city council approved the new harbour bridge on Tuesday after a vote that ended two"
    " years of debate over its cost, its height and the ferries it will replace.\n"
    "Council members voted nine to four in favour of the plan, which will be paid for by a"
    " regional fund and a toll on lorries crossing the river on March 3, 2021 and later.\n"
    "Work on the foundations is to start in the spring, the harbour authority said, and the"
    " bridge should open to traffic within four years if the contractors keep to schedule.\n"
)
MENU = "\n".join(["News", "Sport", "Business", "Culture", "Weather", "Opinion", "Travel"])


def test_a_dump_record_carries_the_date_shown_above_its_article() -> None:
    page = f"{MENU}\nCouncil approves harbour bridge\nBy Jane Doe | March 18, 2020\n{BODY}"
    record = clean(page.encode(), source_path="bridge.txt")
    assert isinstance(record, Article)
    assert (record.published, record.authors) == ("2020-03-18", ["Jane Doe"])


def test_a_date_inside_the_article_is_not_its_publication_date() -> None:
    record = clean(f"{MENU}\nCouncil approves harbour bridge\n{BODY}".encode(), source_path="b.txt")
    assert isinstance(record, Article)
    assert record.published is None


def test_a_spanish_dump_carries_its_date() -> None:
    """htmldate reads no Spanish month: the record had no date."""
    body = (
        "El ayuntamiento aprobó el martes el nuevo puente del puerto tras una votación que puso"
        " fin a dos años de debate sobre su coste, su altura y los transbordadores.\n"
        "Los concejales votaron nueve a cuatro a favor del plan, que se pagará con un fondo"
        " regional y un peaje para los camiones que crucen el río de noche.\n"
        "Las obras de los cimientos empezarán en primavera, según la autoridad portuaria, y el"
        " puente debería abrirse al tráfico en cuatro años si se cumplen los plazos.\n"
    )
    title = "El ayuntamiento aprueba el puente del puerto"
    menu = "\n".join(["Portada", "Ciudad", "Deportes", "Economía", "Cultura", "Opinión", "Tiempo"])
    page = f"{menu}\n{title}\nPublicado el 18 de marzo de 2020 a las 10:15\n{body}"
    record = clean(page.encode(), source_path="puente.txt")
    assert isinstance(record, Article)
    assert (record.title, record.published) == (title, "2020-03-18")
