"""Find the demo's pupils and families named in what a person was served.

A name counts only when the first and last names stand side by side in one row of a page, one
line of a CSV file, one row of a workbook, one object of a JSON answer or one line of a PDF: a
pupil called « Rose Blanc » is not seen because « Rose » ends one table row and « Blanc »
starts the next, nor « Moreau Emma » in « Inès Moreau, Emma Simon ». Words are compared
without case, so « DUPONT Marie » and « Marie Dupont » are both the pupil Marie Dupont. Names
a member of staff or a guest of the commission also bears are left out: they are not secret.
"""

import io
import json
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from pilote.core.models import User
from pilote.pilotage.commission.models import CommissionMember
from pilote.schooldata.models import Guardian, Pupil, StaffMember

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
ROW_END = re.compile(r"</(?:tr|li|p|option|label|h[1-6]|dd|dt|caption)>|<br\s*/?>", re.I)
TAG = re.compile(r"<[^>]+>")
LIST_SEPARATOR = re.compile(r"[,;·]")
LONGEST_NAME = 6  # words in « first names + last name » worth looking for


def words(text: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in WORD.findall(text))


def secret_names() -> set[tuple[str, ...]]:
    """Every pupil's and guardian's name, first-last and last-first, as word tuples."""
    people = [*Pupil.objects.values_list("first_name", "last_name")]
    people += Guardian.objects.exclude(first_name="").values_list("first_name", "last_name")
    staff = [
        person
        for model in (User, StaffMember)
        for person in model.objects.values_list("first_name", "last_name")
    ]
    public = both_orders(staff)
    # Guests of the commission numérique are named by the head as members: public too.
    public |= {words(name) for name in CommissionMember.objects.values_list("name", flat=True)}
    return {name for name in both_orders(people) if len(name) >= 2 and name not in public}


def both_orders(people) -> set[tuple[str, ...]]:
    return {
        name
        for first, last in people
        for name in (words(f"{first} {last}"), words(f"{last} {first}"))
    }


def rows_of(body: bytes, content_type: str) -> list[str]:
    """The rows of a response in which a name would be written whole."""
    if content_type.startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(body))
        return [line for page in reader.pages for line in page.extract_text().splitlines()]
    if "spreadsheetml" in content_type:
        sheets = load_workbook(io.BytesIO(body), read_only=True).worksheets
        return [
            " ".join(str(cell) for cell in row if cell is not None)
            for sheet in sheets
            for row in sheet.iter_rows(values_only=True)
        ]
    text = body.decode("utf-8", errors="replace")
    if content_type.startswith("application/json"):
        return list(json_objects(json.loads(text)))
    if content_type.startswith("text/html"):
        # A list written in a sentence (« Inès Moreau, Emma Simon ») is one row per name.
        return [
            part for row in ROW_END.split(text) for part in LIST_SEPARATOR.split(TAG.sub(" ", row))
        ]
    return text.splitlines()


def json_objects(value):
    """Each JSON object's scalar values as one row, nested objects as rows of their own."""
    if isinstance(value, dict):
        yield " ".join(str(v) for v in value.values() if not isinstance(v, dict | list))
        for v in value.values():
            yield from json_objects(v)
    elif isinstance(value, list):
        for v in value:
            yield from json_objects(v)


def names_in(rows: list[str], names: set[tuple[str, ...]]) -> set[str]:
    found = set()
    for row in rows:
        row_words = words(row)
        for start in range(len(row_words)):
            for length in range(2, LONGEST_NAME + 1):
                candidate = row_words[start : start + length]
                if len(candidate) == length and candidate in names:
                    found.add(" ".join(candidate))
    return found
