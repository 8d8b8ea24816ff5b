"""The command's input side: CSV files as people have them, header aliases, LinkedIn/email cleaning."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from amplemarket_lead_lists.cli.cleaning import Rejected, clean, normalise_email, normalise_linkedin
from amplemarket_lead_lists.cli.columns import ListType, Reading, choose_columns, choose_type, match_columns
from amplemarket_lead_lists.cli.csv_input import read_csv
from amplemarket_lead_lists.cli.errors import InputError


def write(tmp_path: Path, data: bytes, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_bom_and_semicolons_read_as_columns(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + b"LinkedIn URL;CRM Id\nlinkedin.com/in/ana;42\n"
    table = read_csv(write(tmp_path, data))
    assert (table.header, table.delimiter, table.encoding) == (["LinkedIn URL", "CRM Id"], ";", "utf-8-sig")
    assert table.rows[0].values == {"LinkedIn URL": "linkedin.com/in/ana", "CRM Id": "42"}
    assert table.note is None


def test_tabs_and_utf16_with_a_bom(tmp_path: Path) -> None:
    table = read_csv(write(tmp_path, "E-mail\tName\nana@acme.com\tAna Müller\n".encode("utf-16")))
    assert table.delimiter == "\t"
    assert table.rows[0].values == {"E-mail": "ana@acme.com", "Name": "Ana Müller"}


def test_latin1_falls_back_to_windows_1252_and_says_so(tmp_path: Path) -> None:
    table = read_csv(write(tmp_path, "linkedin,notes\nlinkedin.com/in/jose,José café\n".encode("latin-1")))
    assert table.rows[0].values["notes"] == "José café"
    assert table.note is not None and "Windows-1252" in table.note


def test_a_binary_file_is_not_read_as_windows_1252(tmp_path: Path) -> None:
    xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa0\xff[Content_Types].xml"
    with pytest.raises(InputError, match=r"in\.xlsx: not a text/CSV file \(line 1 holds binary data: a NUL byte\)"):
        read_csv(write(tmp_path, xlsx, "in.xlsx"))


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_excels_sep_line_declares_the_separator_and_the_header_is_the_next_line(
    tmp_path: Path, delimiter: str, newline: str
) -> None:
    """Before: `sep=;` was read as the header (one column, `sep=`), so no lead column was found."""
    lines = ["SEP=" + delimiter, "LinkedIn URL|Notes", 'linkedin.com/in/ana|"a, b; c"', "", "linkedin.com/in/bo|x"]
    data = codecs.BOM_UTF8 + newline.join(lines).replace("|", delimiter).encode() + newline.encode()
    table = read_csv(write(tmp_path, data))
    assert (table.header, table.delimiter) == (["LinkedIn URL", "Notes"], delimiter)
    assert [(row.line, row.values["Notes"]) for row in table.rows] == [(3, "a, b; c"), (5, "x")]


def test_a_sep_line_keeps_the_line_numbers_of_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"in\.csv: line 3: a quote opened in this record is never closed"):
        read_csv(write(tmp_path, b'sep=;\nlinkedin;notes\n"linkedin.com/in/a;b\n'))


@pytest.mark.parametrize(
    "data",
    [
        b'LinkedIn URL|CRM Id|Notes\nlinkedin.com/in/ana|42|"met twice, in Lisbon"\nlinkedin.com/in/bo|43|\n',
        b'sep=|\nLinkedIn URL|CRM Id|Notes\nlinkedin.com/in/ana|42|"met twice, in Lisbon"\nlinkedin.com/in/bo|43|\n',
    ],
    ids=["sniffed", "declared"],
)
def test_pipes_separate_columns_and_a_quoted_comma_stays_in_its_field(tmp_path: Path, data: bytes) -> None:
    """Before: a `|` file was read as one column named `LinkedIn URL|CRM Id|Notes`, and refused."""
    table = read_csv(write(tmp_path, data))
    assert (table.header, table.delimiter) == (["LinkedIn URL", "CRM Id", "Notes"], "|")
    assert table.rows[0].values == {
        "LinkedIn URL": "linkedin.com/in/ana",
        "CRM Id": "42",
        "Notes": "met twice, in Lisbon",
    }
    assert table.rows[-1].line == data.count(b"\n")  # the last line, after a `sep=` line too


@pytest.mark.parametrize(
    "data",
    [b"linkedin,tags\nlinkedin.com/in/a,x|y\nlinkedin.com/in/b,z\n", b"linkedin\nlinkedin.com/in/a|b\n"],
    ids=["pipes in a value", "one column"],
)
def test_a_pipe_in_a_value_does_not_make_it_a_pipe_file(tmp_path: Path, data: bytes) -> None:
    assert read_csv(write(tmp_path, data)).delimiter == ","


@pytest.mark.parametrize(
    ("data", "header"),
    [(b"LinkedIn URL;Name\nlinkedin.com/in/a\nlinkedin.com/in/b\n", ["LinkedIn URL", "Name"]),
     (b"LinkedIn URL;Name, given|family;Notes\tmore\nlinkedin.com/in/a\n",
      ["LinkedIn URL", "Name, given|family", "Notes\tmore"])],
    ids=["rows with only the first column", "every separator in the header, semicolons most"],
)  # fmt: skip
def test_when_the_rows_tell_nothing_the_headers_most_frequent_separator_is_taken(
    tmp_path: Path, data: bytes, header: list[str]
) -> None:
    """Rows that fill only their first column leave the csv sniffer without an answer: the separator the
    header holds most often is the file's, not a comma that would make the header one column."""
    table = read_csv(write(tmp_path, data))
    assert (table.header, table.delimiter) == (header, ";")


def test_line_numbers_count_blank_lines_and_quoted_newlines(tmp_path: Path) -> None:
    """A record is numbered by the line it starts on, where an editor shows it."""
    table = read_csv(write(tmp_path, b'linkedin_url,notes\n\nlinkedin.com/in/a,"two\nlines"\nlinkedin.com/in/b,x\n'))
    assert [row.line for row in table.rows] == [3, 5]


def test_a_long_header_name_is_shown_by_its_first_40_characters() -> None:
    """A whole file read as one header name (a wrong separator, a binary file) keeps the error one line."""
    header = ["x" * 39 + "yz"]
    with pytest.raises(InputError) as caught:
        choose_type(match_columns(header), None, "in.csv", header)
    assert str(caught.value).endswith(f"; it has '{'x' * 39}y'")


ROWS = "".join(f"c{n},https://www.linkedin.com/in/p{n}\n" for n in range(1, 1000)).encode()


@pytest.mark.parametrize(("width", "more"), [(8, ""), (9, " and 1 more")])
def test_a_header_without_a_lead_column_is_shown_up_to_eight_names(width: int, more: str) -> None:
    header = [f"c{n}" for n in range(1, width + 1)]
    with pytest.raises(InputError) as caught:
        choose_type(match_columns(header), None, "in.csv", header)
    assert str(caught.value).endswith("; it has 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'" + more)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'crm,linkedin_url\n"c0,https://www.linkedin.com/in/p0\n' + ROWS,
         "line 2: a quote opened in this record is never closed"),
        (b'crm,linkedin_url\n"c0,https://www.linkedin.com/in/p0\n' + ROWS + b'"c1000",x\n',
         "line 2: a quoted field closes on line 1002 with more text after its quote: is a quote unbalanced?"),
        (b'crm,linkedin_url\n"c0,https://www.linkedin.com/in/p0\n' + ROWS + b'c1000",x\n',
         "line 2: a quote opened there closes only on line 1002, taking the rows between into one field"),
        (b'crm,linkedin_url\nc0,"' + b"x" * 200_000 + b'"\n',
         "line 2: a field longer than 131,072 characters"),
        (b"\xef\xbb\xbfName,LinkedIn URL\nAna,https://www.linkedin.com/in/a\nM\xfcller,https://www.linkedin.com/in/x\n",
         "line 3 is not utf-8 although the file starts with its byte order mark"),
        ("LinkedIn URL\nhttps://www.linkedin.com/in/a\n".encode("utf-16") + b"\x00",
         "line 3 is not utf-16-le although the file starts with its byte order mark"),
        (b"crm,linkedin_url\nc1,linkedin.com/in/a\nc2,linkedin.com/in/\x00b\nc3,linkedin.com/in/c\n",
         "in.csv: line 3: a NUL byte, which no CSV holds (a damaged export?); remove it and run again"),
        (b'crm,linkedin_url\r\nc1,"linkedin.com/in/a\r\n"\rc2,\x00\r\nc3,x\x00\nc4,\x00\n',
         "in.csv: line 4 (2 more lines after it too): a NUL byte"),
        (b"crm,linkedin_url\nc1,\x00\nc2,\x00\n", "in.csv: line 2 (1 more line after it too): a NUL byte"),
    ],
    ids=["quote never closed", "quote closed 1,000 lines later, text after it", "quote closed 1,000 lines later",
         "a 200,000-character field",
         "a UTF-8 BOM then Latin-1", "UTF-16 with an odd last byte", "a NUL byte", "NUL bytes, CR and CRLF lines",
         "NUL bytes on two lines"],
)  # fmt: skip
def test_a_file_the_csv_reader_cannot_read_as_rows_is_bad_input_naming_the_line(
    tmp_path: Path, data: bytes, message: str
) -> None:
    """Before: a quote left open swallowed the rest of the file into one field (1,000 rows read as 2,
    the upload went ahead); the others were Python tracebacks."""
    with pytest.raises(InputError, match=re.escape(message)):
        read_csv(write(tmp_path, data))


def test_a_note_over_a_few_lines_is_still_one_field(tmp_path: Path) -> None:
    table = read_csv(write(tmp_path, b'linkedin_url,notes\nlinkedin.com/in/a,"met at\nthe fair, twice\nsee mail"\n'))
    assert table.rows[0].values["notes"] == "met at\nthe fair, twice\nsee mail"


def test_an_empty_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty file"):
        read_csv(write(tmp_path, b""))


@pytest.mark.parametrize(
    ("name", "why"), [("missing.csv", "No such file or directory"), ("", "Is a directory")], ids=["missing", "a folder"]
)
def test_a_file_that_cannot_be_opened_says_why_in_the_systems_words(tmp_path: Path, name: str, why: str) -> None:
    """The reason alone ("No such file or directory"), not Python's "[Errno 2] ... 'path'" repeating the path."""
    path = tmp_path / name
    with pytest.raises(InputError) as refused:
        read_csv(path)
    assert str(refused.value) == f"{path}: cannot read ({why})"


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (["LinkedIn URL", "Email"], ListType.LINKEDIN),
        (["linkedin"], ListType.LINKEDIN),
        (["Profile URL"], ListType.LINKEDIN),
        (["Email Address", "Job Title"], ListType.EMAIL),
        (["Job Title", "Company Domain"], ListType.TITLES_AND_COMPANY),
        (["title", "Company"], ListType.TITLES_AND_COMPANY),
    ],
)
def test_the_type_is_inferred_from_loose_header_names(header: list[str], kind: ListType) -> None:
    assert choose_type(match_columns(header), None, "in.csv", header) is kind


def test_a_requested_type_needs_its_column() -> None:
    with pytest.raises(InputError, match=r"in\.csv: the header must have a column for email"):
        choose_type(match_columns(["LinkedIn URL"]), ListType.EMAIL, "in.csv", ["LinkedIn URL"])
    with pytest.raises(InputError, match="title and company"):
        choose_type(match_columns(["notes"]), None, "in.csv", ["notes"])


@pytest.mark.parametrize(
    ("kind", "said"),
    [(ListType.EMAIL, "a column for email (e.g. email, emailaddress, mail)"),
     (ListType.LINKEDIN, "a column for linkedin_url (e.g. linkedinurl, linkedin, linkedinprofile)")],
)  # fmt: skip
def test_a_requested_types_missing_column_is_named_with_three_of_its_names(kind: ListType, said: str) -> None:
    """Three names the column could have, enough to show the idea and keep the one line short."""
    header = ["Name", "Notes"]
    with pytest.raises(InputError) as refused:
        choose_type(match_columns(header), kind, "in.csv", header)
    assert str(refused.value) == f"in.csv: the header must have {said}; it has 'Name', 'Notes'"


@pytest.mark.parametrize(
    "value",
    [
        "https://www.linkedin.com/in/jim-smith",
        "HTTPS://WWW.LINKEDIN.COM/IN/JIM-SMITH/",
        "http://linkedin.com/in/jim-smith",
        "linkedin.com/in/jim-smith",
        "www.linkedin.com/in/jim-smith?trk=abc#x",
        "https://uk.linkedin.com/in/jim-smith/details/experience/",
        "  https://www.linkedin.com/in/Jim-Smith  ",
    ],
)
def test_profile_urls_are_normalised(value: str) -> None:
    assert normalise_linkedin(value) == "https://www.linkedin.com/in/jim-smith"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("https://www.linkedin.com/company/acme", "not a person's profile (/in/<name>): a /company/ page"),
        ("example.com/linkedin.com/in/x", "not a linkedin.com URL"),
        ("https://linkedin.com.evil.io/in/x", "not a linkedin.com URL"),
        ("jim smith", "not a URL"),
        ("ftp://linkedin.com/in/x", "not a linkedin.com URL"),
        ("https://www.linkedin.com/", "no profile path"),
        ("", "no LinkedIn URL"),
    ],
)
def test_what_is_not_a_persons_profile_is_rejected_with_a_reason(value: str, reason: str) -> None:
    with pytest.raises(Rejected, match=re.escape(reason)):
        normalise_linkedin(value)


def test_emails_are_lower_cased_and_checked() -> None:
    assert normalise_email(" Ana@ACME.com ") == "ana@acme.com"
    assert normalise_email("mailto:ana@acme.com") == "ana@acme.com"
    for bad in ("ana", "ana@acme", "ana smith@acme.com"):
        with pytest.raises(Rejected, match="not an email address"):
            normalise_email(bad)


def test_cleaning_sends_each_person_once_and_keeps_every_row(tmp_path: Path) -> None:
    text = (
        "crm,LinkedIn URL\n1,https://www.linkedin.com/in/ana\n2,HTTPS://LINKEDIN.COM/IN/ANA/\n"
        "3,https://www.linkedin.com/company/acme\n4,jim smith\n5,linkedin.com/in/bo\n"
    )
    table = read_csv(write(tmp_path, text.encode()))
    cleaned = clean(table.rows, ListType.LINKEDIN, match_columns(table.header))
    assert [lead.body for lead in cleaned.leads] == [
        {"linkedin_url": "https://www.linkedin.com/in/ana"},
        {"linkedin_url": "https://www.linkedin.com/in/bo"},
    ]
    assert [row.values["crm"] for row in cleaned.leads[0].rows] == ["1", "2"]
    assert [row.line for row in cleaned.duplicates] == [3]
    assert [(r.row.line, r.reason) for r in cleaned.rejects] == [
        (4, "not a person's profile (/in/<name>): a /company/ page"),
        (5, "not a URL"),
    ]


def test_titles_and_company_leads_need_both(tmp_path: Path) -> None:
    text = "Job Title,Company,Website\nCTO,Acme,https://www.Acme.com/about\nCEO,,\n,Acme,\n"
    table = read_csv(write(tmp_path, text.encode()))
    cleaned = clean(table.rows, ListType.TITLES_AND_COMPANY, match_columns(table.header))
    expected = {"title": "CTO", "company_name": "Acme", "company_domain": "acme.com"}
    assert [lead.body for lead in cleaned.leads] == [expected]
    assert [r.reason for r in cleaned.rejects] == ["no company or company domain", "no title"]


def test_no_input_value_is_lost_to_a_repeated_blank_or_missing_column_name(tmp_path: Path) -> None:
    """A repeated name kept only the last column's values; blank names and fields past the header's
    end were dropped on the way to the output."""
    table = read_csv(write(tmp_path, b"Email,Email,,LinkedIn URL\na@x.com,b@x.com,note,linkedin.com/in/a,EXTRA\n"))
    assert table.header == ["Email", "Email (2)", "column 3", "LinkedIn URL", "column 5"]
    assert table.rows[0].values == {
        "Email": "a@x.com", "Email (2)": "b@x.com", "column 3": "note", "LinkedIn URL": "linkedin.com/in/a",
        "column 5": "EXTRA",
    }  # fmt: skip


def test_one_line_not_utf8_does_not_garble_the_others(tmp_path: Path) -> None:
    """Read whole as Windows-1252, the file's 100 UTF-8 names became "ZoÃ«"; now only that line is."""
    data = "".join(f"Zoë {n},linkedin.com/in/z{n}\n" for n in range(100)).encode()
    table = read_csv(write(tmp_path, b"name,linkedin_url\n" + data + "José,linkedin.com/in/j\n".encode("cp1252")))
    assert [row.values["name"] for row in table.rows][-2:] == ["Zoë 99", "José"]
    assert table.note == "line 102 not UTF-8: read as Windows-1252 (Excel's default)"


def test_a_one_column_file_with_a_note_over_many_lines_is_read_not_refused(tmp_path: Path) -> None:
    """With one column every line holds a row's separators (none): a field over lines is a note there."""
    note = "line one\nline two\nline three\nline four\nline five"
    table = read_csv(write(tmp_path, f'notes\n"{note}"\nlast\n'.encode()))
    assert [row.values["notes"] for row in table.rows] == [note, "last"]


def test_a_note_over_lines_holding_two_rows_is_kept_but_three_is_a_quote_left_open(tmp_path: Path) -> None:
    """Three lines inside one field that look like rows of this file: surely a quote left open."""
    two = b'crm,linkedin_url\nc0,"note\nr1,a\nr2,b\nend"\n'
    assert [row.values["linkedin_url"] for row in read_csv(write(tmp_path, two)).rows] == ["note\nr1,a\nr2,b\nend"]
    three = b'crm,linkedin_url\nc0,"note\nr1,a\nr2,b\nr3,c\nend"\n'
    with pytest.raises(InputError, match="line 2: a quote opened there closes only on line 6"):
        read_csv(write(tmp_path, three))


def test_a_note_whose_lines_hold_fewer_separators_than_a_row_is_a_note(tmp_path: Path) -> None:
    """A line looks like a row only with a separator between every column: a three-column file's note
    with one comma a line, however many lines, is read as the note it is."""
    note = "met at the fair, twice\ncalled, no answer\nsent deck, waiting\nfollow up, May\nend"
    data = f'crm,linkedin_url,notes\nc0,linkedin.com/in/ana,"{note}"\n'.encode()
    assert [row.values["notes"] for row in read_csv(write(tmp_path, data)).rows] == [note]


def test_several_lines_not_utf8_are_counted_from_the_first(tmp_path: Path) -> None:
    lines = ["Zoë,linkedin.com/in/z", "José,linkedin.com/in/j", "Zoë,linkedin.com/in/y", "Renée,linkedin.com/in/r"]
    data = b"".join((line + "\n").encode("cp1252" if n in (1, 3) else "utf-8") for n, line in enumerate(lines))
    table = read_csv(write(tmp_path, b"name,linkedin_url\n" + data))
    assert [row.values["name"] for row in table.rows] == ["Zoë", "José", "Zoë", "Renée"]
    assert table.note == "2 lines from line 3 not UTF-8: read as Windows-1252 (Excel's default)"


def test_the_bytes_windows_1252_leaves_undefined_are_kept_as_latin_1(tmp_path: Path) -> None:
    table = read_csv(write(tmp_path, b"name,linkedin_url\nA\x81B\x8dC\xe9,linkedin.com/in/a\n"))
    assert table.rows[0].values["name"] == "A\x81B\x8dCé"


@pytest.mark.parametrize("name", ["Person Linkedin Url", "LinkedIn Link", "linkedin_profile_url"])
def test_common_export_headers_for_the_linkedin_url_are_recognised(name: str) -> None:
    """Apollo's export, among others."""
    assert match_columns(["First Name", name]) == {"linkedin_url": name}


@pytest.mark.parametrize(
    ("header", "kind", "column"),
    [
        (["Name", "URL"], ListType.LINKEDIN, "URL"),
        (["Name", "url"], ListType.LINKEDIN, "url"),
        (["URL", "LinkedIn"], ListType.LINKEDIN, "LinkedIn"),  # never over an explicit LinkedIn column
        (["url", "Profile URL"], ListType.LINKEDIN, "Profile URL"),
        (["Email", "URL"], ListType.EMAIL, "URL"),  # the type another column allows, as before
        (["Job Title", "Company", "URL"], ListType.TITLES_AND_COMPANY, "URL"),
    ],
)
def test_a_bare_url_column_is_the_linkedin_url_only_when_nothing_better_is(
    header: list[str], kind: ListType, column: str
) -> None:
    """Before: a file whose profile column was headed `URL` was refused for lack of a lead column."""
    columns = match_columns(header)
    assert columns["linkedin_url"] == column
    assert choose_type(columns, None, "in.csv", header) is kind


def test_a_bare_url_column_serves_a_requested_linkedin_type() -> None:
    header = ["Email", "URL"]
    assert choose_type(match_columns(header), ListType.LINKEDIN, "in.csv", header) is ListType.LINKEDIN


def test_a_header_without_a_lead_column_is_shown_in_the_error(tmp_path: Path) -> None:
    """So a wrong separator, or a title row above the header, shows at once."""
    with pytest.raises(InputError, match=r"; it has 'Leads export 2026', 'x'$"):
        choose_type(match_columns(["Leads export 2026", "x"]), None, "in.csv", ["Leads export 2026", "x"])


def test_the_separator_is_told_from_the_first_20_lines_only(tmp_path: Path) -> None:
    """Sniffing a whole 60,000-row file is slow; rows further down, however quoted, do not change the separator."""
    top = ["n,linkedin_url", *(f"{n},linkedin.com/in/p-{n}" for n in range(1, 20))]  # 20 lines
    table = read_csv(write(tmp_path, "\n".join([*top, '21;"a";"b";"c"', ""]).encode()))
    assert (table.header, table.delimiter) == (["n", "linkedin_url"], ",")


def columns_of(header: list[str], values: list[str], reading: Reading) -> tuple[dict[str, str], ListType]:
    """`choose_columns` for a file whose every column holds `values`."""
    return choose_columns(header, lambda name: values, reading, "in.csv")


def test_column_picks_the_exact_name_over_one_differing_in_case() -> None:
    """Two columns differing only in case: --column naming one exactly is that one, not "no such column"."""
    header = ["Email", "EMAIL"]
    assert columns_of(header, ["a@acme.com"], Reading(column="EMAIL")) == ({"email": "EMAIL"}, ListType.EMAIL)


def test_column_keeps_the_other_lead_columns_of_the_header() -> None:
    """--column replaces only the type's lead column: the company a titles list needs is still read."""
    header = ["Name", "Full role", "Company"]
    reading = Reading(ListType.TITLES_AND_COMPANY, "Full role")
    columns = {"title": "Full role", "company_name": "Company"}
    assert columns_of(header, ["CTO"], reading) == (columns, ListType.TITLES_AND_COMPANY)


@pytest.mark.parametrize("other", ["n/a", "ana@acme.com"], ids=["free text", "an email"])
def test_column_of_half_linkedin_urls_asks_for_the_type(other: str) -> None:
    """The type --column's values give is that of more than half of them: a tie is no answer."""
    with pytest.raises(InputError, match="most of its values are neither LinkedIn URLs nor emails"):
        columns_of(["Leads"], ["linkedin.com/in/ana", other], Reading(column="Leads"))


def test_column_finds_a_name_differing_only_in_case_or_spaces() -> None:
    header = ["Name", "LinkedIn URL"]
    reading = Reading(column=" linkedin url")
    assert columns_of(header, ["linkedin.com/in/ana"], reading) == ({"linkedin_url": "LinkedIn URL"}, ListType.LINKEDIN)


def test_with_header_line_the_separator_is_told_from_the_header_down(tmp_path: Path) -> None:
    """The title lines above `--header-line` are the export's prose: their commas say nothing of the file."""
    data = b"Report, Q3, 2026, all regions\nLinkedIn URL;Name\nlinkedin.com/in/a;Ana\n"
    table = read_csv(write(tmp_path, data), header_line=2)
    assert (table.header, table.delimiter) == (["LinkedIn URL", "Name"], ";")


def test_a_requested_titles_list_names_both_columns_it_needs() -> None:
    header = ["Job Title", "Notes"]
    with pytest.raises(InputError) as refused:
        choose_type(match_columns(header), ListType.TITLES_AND_COMPANY, "in.csv", header)
    assert str(refused.value) == (
        "in.csv: the header must have a title column and a company or company domain column; "
        "it has 'Job Title', 'Notes'"
    )
