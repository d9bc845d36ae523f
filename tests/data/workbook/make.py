"""Writes the workbooks in this folder with openpyxl 3 and xlwt 1.3 (see README.md)."""
import csv, datetime
import openpyxl, xlwt

def typed(column, value):
    # As pandas' read_csv(parse_dates=["event_date"]) then to_excel would type them.
    if value == "":
        return None
    if column == "event_date":
        return datetime.datetime.strptime(value, "%Y-%m-%d")
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value

rows = list(csv.reader(open("acled-somalia-300.csv", newline="", encoding="utf-8")))
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "Sheet1"
sheet.append(rows[0])
for row in rows[1:]:
    sheet.append([typed(c, v) for c, v in zip(rows[0], row)])
for cell in sheet["B"][1:]:
    cell.number_format = "yyyy-mm-dd"
book.save("acled-somalia-300.xlsx")

# A hand-made sheet: a hidden sheet before it, a sheet after it, dates as Excel dates (a day, a
# day and a time, a time alone next to a date), a date typed as text, a sum, a cell right of
# the header, a date that is no date, rows of empty formatted cells.
book = openpyxl.Workbook()
hidden = book.active
hidden.title = "Lists"
hidden.append(["kept out of sight"])
hidden.sheet_state = "hidden"
events = book.create_sheet("Events")
events.append(["Title", "Date", "Time", "Lane", "Casualties"])
events.append(["Talks open", datetime.datetime(2023, 9, 13), None, "Diplomacy", 0])
events.append(["Train arrives", datetime.datetime(2023, 9, 12, 14, 30), None, "Travel", None])
events.append(["Statement", "2023-09-14", datetime.time(9, 15), "Diplomacy", "=1+2"])
events.append(["Side meeting", datetime.date(2023, 9, 13), None, "Diplomacy", 0.1])
events.append(["Undated", "sometime", None, "Travel", None])
events["F5"] = "a note without a column"
events["E4"] = 3
for row in range(7, 10):
    events.cell(row=row, column=1).number_format = "0.00"
events["B2"].number_format = "d mmm yyyy"
events["B3"].number_format = "yyyy-mm-dd hh:mm"
events["C4"].number_format = "hh:mm"
notes = book.create_sheet("Codebook")
notes.append(["Lane", "Meaning"])
book.save("sheets.xlsx")

# The same events in Excel 97-2003's format.
book = xlwt.Workbook()
sheet = book.add_sheet("Events")
date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
stamp = xlwt.easyxf(num_format_str="YYYY-MM-DD hh:mm")
for c, v in enumerate(["Title", "Date", "Lane"]):
    sheet.write(0, c, v)
sheet.write(1, 0, "Talks open")
sheet.write(1, 1, datetime.datetime(2023, 9, 13), date)
sheet.write(1, 2, "Diplomacy")
sheet.write(2, 0, "Train arrives")
sheet.write(2, 1, datetime.datetime(2023, 9, 12, 14, 30), stamp)
sheet.write(2, 2, "Travel")
book.save("events.xls")

# TimelineJS's Google Sheets template, downloaded as .xlsx (numbers as numbers).
rows = list(csv.reader(open("../real/timelinejs/knightlab_my_own_timeline_sheet.csv", newline="", encoding="utf-8")))
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "od1"
for row in rows:
    sheet.append([typed("", v) for v in row])
book.save("timelinejs-template.xlsx")

# Columns timeband does not know by name, for the import dialog.
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "Field log"
sheet.append(["Name", "field_date", "notes"])
sheet.append(["A", datetime.datetime(1990, 5, 1), "x"])
sheet.append(["B", datetime.datetime(1991, 6, 2), "y"])
book.save("unknown-columns.xlsx")

# Excel's "Unicode Text" (.txt): the first 20 rows of the ACLED sheet, tab-separated, UTF-16
# little-endian with its byte order mark, lines ending CRLF.
rows = list(csv.reader(open("acled-somalia-300.csv", newline="", encoding="utf-8")))[:21]
text = "".join("\t".join(f'"{v}"' if "\t" in v or '"' in v or "\n" in v else v for v in row) + "\r\n" for row in rows)
open("acled-unicode-text.txt", "wb").write(b"\xff\xfe" + text.encode("utf-16-le"))

# OpenDocument, as pandas writes it (`pip install pandas odfpy`): a date and a date and time.
try:
    import pandas as pd
    frame = pd.DataFrame({
        "Title": ["Talks open", "Train arrives"],
        "Date": [datetime.datetime(2023, 9, 13), datetime.datetime(2023, 9, 12, 14, 30)],
        "Lane": ["Diplomacy", "Travel"],
    })
    frame.to_excel("events.ods", engine="odf", index=False)
except ImportError:
    print("events.ods not written: pip install pandas odfpy")

# The ACLED workbook damaged halfway through its worksheet (eight bytes of the compressed XML
# inverted): the rows before the damage load.
import io, zipfile
data = bytearray(open("acled-somalia-300.xlsx", "rb").read())
entry = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
at = entry.header_offset + 30 + len(entry.filename) + len(entry.extra) + entry.compress_size // 2
for k in range(8):
    data[at + k] ^= 0xFF
open("acled-damaged.xlsx", "wb").write(data)

# A workbook whose first worksheet is a cover page, its events on the second (a hidden one
# between): the import dialog's worksheet choice.
book = openpyxl.Workbook()
cover = book.active
cover.title = "About"
cover.append(["Incident log, exported 3 March 2024"])
cover.append(["Prepared by", "Desk B"])
lists = book.create_sheet("Lists")
lists.append(["Borders", "Diplomacy"])
lists.sheet_state = "hidden"
incidents = book.create_sheet("Incidents")
incidents.append(["Title", "Date", "Lane"])
incidents.append(["Border closed", datetime.datetime(2024, 3, 1), "Borders"])
incidents.append(["Talks resume", datetime.datetime(2024, 3, 2), "Diplomacy"])
incidents.append(["Crossing reopens", datetime.datetime(2024, 3, 5), "Borders"])
for cell in incidents["B"][1:]:
    cell.number_format = "yyyy-mm-dd"
book.save("cover-first.xlsx")

# ACLED's aggregated weekly data as its workbooks hold it: `WEEK` an Excel date, the counts numbers.
rows = list(csv.reader(open("../acled-aggregated/weekly.csv", newline="", encoding="utf-8")))
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "Sheet1"
sheet.append(rows[0])
for row in rows[1:]:
    if len(row[0]) != 10:
        continue
    week = datetime.datetime.strptime(row[0], "%Y-%m-%d")
    sheet.append([week] + [typed(c, v) for c, v in zip(rows[0][1:], row[1:])])
for cell in sheet["A"][1:]:
    cell.number_format = "yyyy-mm-dd"
book.save("../acled-aggregated/weekly.xlsx")
