"""A recipe saved as text: its ingredient list is part of the recipe's run.

Fixtures: handmade recipe pages (tests/fixtures/articles/: recipe_de, a news site's recipe;
rezept_de, a German recipe blog with comments; recipe_blog_en, an English recipe blog with a
recipe card), text written for these tests; each `.txt` as the bench folder's `textdump.py`
renders the `.html`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners.pipeline import clean
from cleaners.record import Article
from cleaners.strip.ingredients import across_ingredients, ingredient_lines
from cleaners.strip.lines import features
from cleaners.strip.page import Page, split_page

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
# page, words of its intro, an ingredient, words of its method's last step
RECIPES = [
    ("recipe_de.txt", "Dieser Kartoffelauflauf mit Lauch", "200 ml Sahne", "Tipp: Wer mag"),
    ("rezept_de.txt", "Sobald im Garten der erste Rhabarber", "250 g Mehl", "Den Rhabarber auf"),
    ("recipe_blog_en.txt", "These bars are what I bake", "1 cup plain flour", "Bake for about"),
]


@pytest.mark.parametrize(("name", "intro", "ingredient", "method"), RECIPES)
def test_a_recipe_keeps_its_intro_ingredients_and_method(
    name: str, intro: str, ingredient: str, method: str
) -> None:
    record = clean((ARTICLES / name).read_bytes(), source_path=name)
    assert isinstance(record, Article), record.detail
    for words in (intro, ingredient, method):
        assert words in record.text, words


_INTRO = "This soup is what we cook on the first cold evening of the year, and it never fails."
_METHOD = "Fry the onion in the oil until soft, then add the lentils and the stock and simmer."


def _page(items: list[str]) -> tuple[Page, list[int]]:
    """A page: an intro, a label, the items, a label, the method; the method's index."""
    lines = [_INTRO, "", "Ingredients", *items, "", "Method", "", _METHOD]
    page = split_page("\n".join(lines))
    features(page)  # fills in the word counts
    return page, [page.texts.index(_METHOD)]


def test_an_ingredient_list_joins_the_intro_to_the_method() -> None:
    page, method = _page(["250 g red lentils", "1 onion", "2 tbsp oil", "1 l stock", "salt"])
    body = across_ingredients(page, method)
    assert [page.texts[i] for i in (body[0], body[-1])] == [_INTRO, _METHOD]
    assert len(ingredient_lines(page, body)) == 7  # the labels and the five items


@pytest.mark.parametrize(
    "items",
    [
        ["1 Lentils", "2 Onions", "3 Stock"],  # a numbered list (a table of contents)
        ["Red lentils", "An onion", "Some stock", "Salt"],  # no quantities
        ["3 ways to cook lentils this winter for less", "5 soups", "12 breads"],  # headlines
    ],
)
def test_other_lists_join_nothing(items: list[str]) -> None:
    page, method = _page(items)
    assert across_ingredients(page, method) == method
