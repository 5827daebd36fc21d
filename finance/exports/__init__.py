"""Portfolio exports: XLSX and CSV downloads, the summary PDF (a Job) and IATI 2.03 XML.

Each writer takes a ``finance.selectors.exports.PortfolioExport`` and returns bytes or text.
"""
