"""Writes the workbooks of tests/workbooks.rs (see README.md)."""
import datetime as dt
import os
import zipfile

import openpyxl
import xlsxwriter
import xlwt
from odf.number import DateStyle, Day, Hours, Minutes, Month, Text, Year
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P

D = dt.datetime


def dates():
    # One column of dates, each cell in its own number format: the sheet shows a month, a year,
    # a day, a day and a time, or a day whose time of day the format hides.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["title", "date"])
    rows = [
        ("month mmm-yy", D(2020, 3, 1), "mmm-yy"),
        ("month mmmm yyyy", D(2021, 7, 1), "mmmm yyyy"),
        ("year yyyy", D(2019, 1, 1), "yyyy"),
        ("day dd/mm/yyyy", D(2020, 4, 3), "dd/mm/yyyy"),
        ("day and minute", D(2020, 4, 3, 14, 30), "dd/mm/yyyy hh:mm"),
        ("day and second", D(2020, 4, 3, 23, 59, 59), "yyyy-mm-dd hh:mm:ss"),
        ("time hidden", D(2020, 4, 3, 17, 45), "dd/mm/yyyy"),
        ("built-in day", D(2021, 7, 9), "m/d/yy"),
        ("month in Excel's own code", D(2022, 11, 1), "[$-409]mmm\\-yy;@"),
    ]
    for title, value, fmt in rows:
        ws.append([title, value])
        ws.cell(ws.max_row, 2).number_format = fmt
    wb.save("dates.xlsx")


def no_year():
    # Days typed as `12-Mar`: Excel stores the year of typing, the sheet shows none.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["title", "date"])
    for title, value in [("a", D(2025, 3, 12)), ("b", D(2025, 4, 1))]:
        ws.append([title, value])
        ws.cell(ws.max_row, 2).number_format = "d-mmm"
    wb.save("no-year.xlsx")


def formulas_openpyxl():
    # `end` a formula openpyxl saves with no value (it computes none).
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["title", "start", "end"])
    for i in range(4):
        ws.append([f"Op {i}", D(2020, 1, 1 + 3 * i), f"=B{i + 2}+7"])
        ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd"
        ws.cell(ws.max_row, 3).number_format = "yyyy-mm-dd"
    wb.save("formulas-no-value.xlsx")


def formulas_xlsxwriter():
    # xlsxwriter saves 0 as every formula's value.
    wb = xlsxwriter.Workbook("formulas-zero.xlsx")
    ws = wb.add_worksheet()
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, ["title", "start", "end"])
    for i in range(3):
        ws.write(i + 1, 0, f"Op {i}")
        ws.write_datetime(i + 1, 1, D(2020, 1, 1 + 3 * i), day)
        ws.write_formula(i + 1, 2, f"=B{i + 2}+7", day)
    wb.close()


def formula_empty_text():
    # A formula computed as empty text, saved as Excel saves it (`t="str"`, an empty value):
    # xlsxwriter's file with the type Excel writes added.
    wb = xlsxwriter.Workbook("tmp.xlsx")
    ws = wb.add_worksheet()
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, ["title", "start", "note"])
    for i in range(2):
        ws.write(i + 1, 0, f"Op {i}")
        ws.write_datetime(i + 1, 1, D(2020, 1, 1 + i), day)
        ws.write_formula(i + 1, 2, f'=IF(B{i + 2}>0,"","late")', None, "")
    wb.close()
    with zipfile.ZipFile("tmp.xlsx") as src, zipfile.ZipFile(
        "formula-empty-text.xlsx", "w", zipfile.ZIP_DEFLATED
    ) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="C2">', b'<c r="C2" t="str">')
                data = data.replace(b'<c r="C3">', b'<c r="C3" t="str">')
            out.writestr(item, data)
    os.remove("tmp.xlsx")


def formulas_xls():
    # xlwt writes a formula with no value.
    wb = xlwt.Workbook()
    ws = wb.add_sheet("Events")
    day = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for c, h in enumerate(["title", "start", "end"]):
        ws.write(0, c, h)
    for i in range(2):
        ws.write(i + 1, 0, f"Op {i}")
        ws.write(i + 1, 1, D(2020, 1, 1 + 3 * i), day)
        ws.write(i + 1, 2, xlwt.Formula(f"B{i + 2}+7"), day)
    wb.save("formulas-no-value.xls")


def merged():
    # Actor merged over A2:A4 and A5:A6, Location over D3:D4, Date over B6:B7.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Actor", "Date", "Event", "Location"])
    rows = [
        ("Army", D(2022, 3, 1), "Shelling", "Kharkiv"),
        (None, D(2022, 3, 2), "Advance", "Izium"),
        (None, D(2022, 3, 3), "Withdrawal", None),
        ("Militia", D(2022, 3, 4), "Raid", "Donetsk"),
        (None, D(2022, 3, 5), "Ambush", "Donetsk"),
        ("Police", None, "Arrest", "Kyiv"),
    ]
    for r in rows:
        ws.append(list(r))
        ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd"
    ws.merge_cells("A2:A4")
    ws.merge_cells("A5:A6")
    ws.merge_cells("D3:D4")
    ws.merge_cells("B6:B7")
    wb.save("merged.xlsx")


def merged_xls():
    # The same rows in Excel 97-2003's format (xlwt).
    wb = xlwt.Workbook()
    ws = wb.add_sheet("Events")
    day = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for c, h in enumerate(["Actor", "Date", "Event", "Location"]):
        ws.write(0, c, h)
    ws.write_merge(1, 3, 0, 0, "Army")
    ws.write_merge(4, 5, 0, 0, "Militia")
    ws.write(6, 0, "Police")
    ws.write_merge(2, 3, 3, 3, "Izium")
    ws.write_merge(5, 6, 1, 1, D(2022, 3, 5), day)
    for r, d in [(1, 1), (2, 2), (3, 3), (4, 4)]:
        ws.write(r, 1, D(2022, 3, d), day)
    for r, e in enumerate(["Shelling", "Advance", "Withdrawal", "Raid", "Ambush", "Arrest"]):
        ws.write(r + 1, 2, e)
    for r, place in [(1, "Kharkiv"), (4, "Donetsk"), (5, "Donetsk"), (6, "Kyiv")]:
        ws.write(r, 3, place)
    wb.save("merged.xls")


def opendocument():
    # Date cells in data styles that show a month, a year, a day, a day and a time, and a day
    # whose time of day is hidden; the actor cell of the first row spans two rows.
    doc = OpenDocumentSpreadsheet()

    def style(name, parts):
        date_style = DateStyle(name=name)
        for p in parts:
            date_style.addElement(p)
        doc.automaticstyles.addElement(date_style)
        doc.automaticstyles.addElement(
            Style(name=f"ce-{name}", family="table-cell", datastylename=name)
        )
        return f"ce-{name}"

    month = style("month", [Month(textual="true"), Text(text="-"), Year()])
    year = style("year", [Year(style="long")])
    day = style("day", [Year(style="long"), Text(text="-"), Month(style="long"), Text(text="-"),
                        Day(style="long")])
    time = [Text(text=" "), Hours(style="long"), Text(text=":"), Minutes(style="long")]
    minute = style("minute", [Year(style="long"), Text(text="-"), Month(style="long"),
                              Text(text="-"), Day(style="long")] + time)
    table = Table(name="Events")

    def text(s, **kw):
        cell = TableCell(valuetype="string", **kw)
        cell.addElement(P(text=s))
        return cell

    def date(value, style):
        cell = TableCell(valuetype="date", datevalue=value, stylename=style)
        cell.addElement(P(text=value))
        return cell

    for cells in [
        [text("title"), text("date"), text("actor")],
        [text("month"), date("2020-03-01", month), text("Army", numberrowsspanned=2)],
        [text("year"), date("2019-01-01", year), CoveredTableCell()],
        [text("day"), date("2020-04-03", day), text("Militia")],
        [text("minute"), date("2020-04-03T14:30:00", minute), text("Militia")],
        [text("time hidden"), date("2020-04-03T17:45:00", day), text("Militia")],
    ]:
        row = TableRow()
        for cell in cells:
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    doc.save("dates-merged.ods")


dates()
no_year()
formulas_openpyxl()
formulas_xlsxwriter()
formula_empty_text()
formulas_xls()
merged()
merged_xls()
opendocument()
