"""The site around the pages without an article (`non_article_pages`): a page frame
(header, menu, footer) and headlines and summaries put together from word lists, so the
pages are varied but reproducible."""

from __future__ import annotations

import random
from collections.abc import Callable
from html import escape

PageBuilder = Callable[[random.Random], str]

_SUBJECTS = {
    "en": ["City council", "The new museum", "Local farmers", "The transit agency", "Students",
           "A regional bank", "The hospital", "Firefighters", "The football club", "Researchers"],
    "de": ["Der Stadtrat", "Das neue Museum", "Die Landwirte", "Der Verkehrsverbund",
           "Die Studierenden", "Eine Regionalbank", "Das Klinikum", "Die Feuerwehr"],
    "fr": ["Le conseil municipal", "Le nouveau musée", "Les agriculteurs", "La régie",
           "Les étudiants", "Une banque régionale", "L'hôpital", "Les pompiers"],
    "es": ["El ayuntamiento", "El nuevo museo", "Los agricultores", "La empresa de transporte",
           "Los estudiantes", "Un banco regional", "El hospital", "Los bomberos"],
}  # fmt: skip
_PREDICATES = {
    "en": ["approves budget for next year", "opens its doors after renovation",
           "warns of a dry summer", "cuts prices on weekend tickets", "protest against new fees",
           "reports record quarter", "hires forty new nurses", "win the regional cup"],
    "de": ["beschließt Haushalt für das nächste Jahr", "öffnet nach Umbau wieder",
           "warnen vor einem trockenen Sommer", "senkt Preise für Wochenendtickets",
           "protestieren gegen neue Gebühren", "meldet Rekordquartal"],
    "fr": ["adopte le budget de l'an prochain", "rouvre après travaux",
           "craignent un été sec", "baisse le prix des billets du week-end",
           "manifestent contre les nouveaux frais", "annonce un trimestre record"],
    "es": ["aprueba el presupuesto del próximo año", "reabre tras la reforma",
           "temen un verano seco", "rebaja los billetes de fin de semana",
           "protestan contra las nuevas tasas", "anuncia un trimestre récord"],
}  # fmt: skip
_SUMMARY_TAILS = {
    "en": "the decision was taken after a long debate on Tuesday evening.",
    "de": "die Entscheidung fiel am Dienstagabend nach langer Debatte.",
    "fr": "la décision a été prise mardi soir après un long débat.",
    "es": "la decisión se tomó el martes por la noche tras un largo debate.",
}
SECTIONS = ["News", "Politics", "Business", "Sport", "Culture", "Science", "Travel", "Opinion"]


def headline(rng: random.Random, lang: str) -> str:
    return f"{rng.choice(_SUBJECTS[lang])} {rng.choice(_PREDICATES[lang])}"


def summary(rng: random.Random, lang: str) -> str:
    """A one-sentence teaser summary."""
    return f"{headline(rng, lang)}: {_SUMMARY_TAILS[lang]}"


def page(title: str, main: str, *, lang: str = "en") -> str:
    """A whole site page around the main part: header, menu, footer."""
    menu = "".join(f'<li><a href="/{s.lower()}/">{s}</a></li>' for s in SECTIONS)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)} | Example Daily</title>
<meta property="og:site_name" content="Example Daily"></head>
<body>
<header><a href="/" class="logo">Example Daily</a><nav><ul>{menu}</ul></nav>
<form action="/search"><input name="q" placeholder="Search"></form></header>
<main>
{main}
</main>
<footer><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
<li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>
<p>© 2026 Example Daily. All rights reserved.</p></footer>
</body></html>
"""


def linked(items: list[str], href: str = "/story/") -> str:
    return "".join(f'<li><a href="{href}{i}">{escape(t)}</a></li>' for i, t in enumerate(items))
