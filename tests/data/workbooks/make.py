"""Writes the workbooks of tests/workbooks.rs (see README.md)."""
import datetime as dt

import openpyxl

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


dates()
no_year()
