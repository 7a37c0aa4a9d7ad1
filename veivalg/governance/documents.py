"""Documents (board papers, minutes, mandates) as a few plain blocks, rendered to PDF (fpdf2,
with the embedded DejaVu Sans so that æ, ø and å work) and to DOCX (python-docx).

The builders in ``veivalg.governance.papers`` describe *what* a document says; this module
decides only how it looks. Both renderers are pure Python.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "DejaVu"
PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 … 3 below the document title


@dataclass(frozen=True)
class Paragraph:
    text: str
    muted: bool = False


@dataclass(frozen=True)
class Facts:
    """Label–value pairs (a two-column table without a heading row)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # indexes of columns with numbers (right-aligned)
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Facts | Table | PageBreak


@dataclass
class Document:
    title: str
    subtitle: str = ""
    author: str = "Veivalg"
    language: str = "nb-NO"
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self


# --- PDF ---------------------------------------------------------------------------------


def render_pdf(document: Document) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    class Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FONT_FAMILY, "", 8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 6, f"{document.title} – {self.page_no()}/{{nb}}", align="C")

    pdf = Pdf(format="A4", unit="mm")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FONT_FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT_FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(document.title)
    pdf.set_author(document.author)
    pdf.set_creator("Veivalg")
    pdf.set_lang(document.language)
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.epw

    def text(value: str, *, size: float, style: str = "", height: float = 5.2) -> None:
        pdf.set_font(FONT_FAMILY, style, size)
        pdf.multi_cell(width, height, value or "–", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    text(document.title, size=17, style="B", height=8)
    if document.subtitle:
        pdf.set_text_color(70, 70, 70)
        text(document.subtitle, size=10.5)
        pdf.set_text_color(0, 0, 0)
    pdf.ln(4)
    for block in document.blocks:
        if isinstance(block, Heading):
            sizes = {1: 14, 2: 12, 3: 10.5}
            pdf.ln(3 if block.level > 1 else 5)
            text(block.text, size=sizes.get(block.level, 10.5), style="B", height=6.5)
            pdf.ln(1)
        elif isinstance(block, Paragraph):
            if block.muted:
                pdf.set_text_color(90, 90, 90)
            text(block.text, size=10)
            pdf.set_text_color(0, 0, 0)
            pdf.ln(1.5)
        elif isinstance(block, Facts):
            pdf.set_font(FONT_FAMILY, "", 9.5)
            with pdf.table(
                col_widths=(32, 68),
                first_row_as_headings=False,
                text_align="LEFT",
                line_height=5,
                padding=1.2,
            ) as table:
                for label, value in block.rows:
                    row = table.row()
                    pdf.set_font(FONT_FAMILY, "B", 9.5)
                    row.cell(label)
                    pdf.set_font(FONT_FAMILY, "", 9.5)
                    row.cell(value or "–")
            pdf.ln(2)
        elif isinstance(block, Table):
            pdf.set_font(FONT_FAMILY, "B", 9)
            pdf.multi_cell(width, 5, block.caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_font(FONT_FAMILY, "", 9)
            align = tuple(
                "RIGHT" if i in block.numeric else "LEFT" for i in range(len(block.header))
            )
            with pdf.table(text_align=align, line_height=5, padding=1.2) as table:
                heading = table.row()
                for cell in block.header:
                    heading.cell(cell)
                for values in block.rows:
                    row = table.row()
                    for cell in values:
                        row.cell(cell or "")
            pdf.ln(2)
        elif isinstance(block, PageBreak):
            pdf.add_page()
    return bytes(pdf.output())


# --- DOCX --------------------------------------------------------------------------------


def _set_language(style: object, language: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)


def _mark_header_row(row: object) -> None:
    """Repeat the heading row on every page and tell screen readers it is a heading."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _add_text(container: object, value: str, style: str | None = None) -> None:
    """Paragraphs split at blank lines; single line breaks stay line breaks."""
    chunks = [c for c in (value or "–").replace("\r\n", "\n").split("\n\n") if c.strip()]
    for chunk in chunks or ["–"]:
        paragraph = container.add_paragraph(style=style)  # type: ignore[attr-defined]
        lines = chunk.strip("\n").split("\n")
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if index < len(lines) - 1:
                run.add_break()


def render_docx(document: Document) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = docx.Document()
    properties = doc.core_properties
    properties.title = document.title
    properties.subject = document.subtitle
    properties.author = document.author
    properties.language = document.language
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)  # type: ignore[attr-defined]
    _set_language(normal, document.language)

    doc.add_heading(document.title, level=0)
    if document.subtitle:
        doc.add_paragraph(document.subtitle, style="Subtitle")
    for block in document.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=min(max(block.level, 1), 3))
        elif isinstance(block, Paragraph):
            _add_text(doc, block.text)
        elif isinstance(block, Facts):
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, value in block.rows:
                cells = table.add_row().cells
                cells[0].paragraphs[0].add_run(label).bold = True
                cells[1].paragraphs[0].add_run(value or "–")
            doc.add_paragraph()
        elif isinstance(block, Table):
            doc.add_paragraph(block.caption, style="Caption")
            table = doc.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for index, cell in enumerate(table.rows[0].cells):
                run = cell.paragraphs[0].add_run(block.header[index])
                run.bold = True
            _mark_header_row(table.rows[0])
            for values in block.rows:
                cells = table.add_row().cells
                for index, value in enumerate(values):
                    paragraph = cells[index].paragraphs[0]
                    paragraph.add_run(value or "")
                    if index in block.numeric:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            doc.add_paragraph()
        elif isinstance(block, PageBreak):
            doc.add_page_break()
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def ascii_slug(text: str, max_length: int = 80) -> str:
    """``Økonomi på Ås`` → ``okonomi-pa-as`` (æ, ø and å spelt out, not dropped)."""
    from django.utils.text import slugify

    return slugify(text.translate(NORWEGIAN_LETTERS))[:max_length].strip("-")


def filename(stem: str, extension: str) -> str:
    """An ASCII file name: ``Prosjektmandat Chatbot`` → ``prosjektmandat-chatbot.pdf``."""
    return f"{ascii_slug(stem) or 'dokument'}.{extension}"
