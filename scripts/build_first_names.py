"""Writes src/entities/first_names.txt: first names that a misspelt given name may be mended to
(`Llyod Austin` -> `Lloyd Austin`, see src/entities/canonical.rs).

Western European and English locales of Faker's person providers (MIT licence): the names an
Italian newsroom most often misspells. A wider list (every locale) mends real names from other
cultures into wrong ones (`Yoon` -> `Yono`), so it stays this narrow.

    pip install faker==40.54.0
    python3 scripts/build_first_names.py
"""

from __future__ import annotations

import importlib
from pathlib import Path

LOCALES = ["en", "en_US", "en_GB", "en_IE", "it_IT", "fr_FR", "de_DE", "es_ES", "pt_PT", "nl_NL"]
ATTRIBUTES = ["first_names", "first_names_male", "first_names_female"]
OUT = Path(__file__).resolve().parent.parent / "src" / "entities" / "first_names.txt"


def main() -> None:
    names: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ATTRIBUTES:
            # Lists, tuples, or OrderedDicts of name -> weight: iterating gives the names.
            for name in getattr(provider, attribute, ()):
                if name.isalpha() and name[:1].isupper() and len(name) > 2:
                    names.add(name)
    OUT.write_text("".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")
    print(f"{len(names)} names -> {OUT}")


if __name__ == "__main__":
    main()
