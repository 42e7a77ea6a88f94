"""The workbook and the report text as files: reading them by the contract,
checking them, the Excel template, district submissions merged."""
