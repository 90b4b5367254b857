"""Documents gjj can export (Excel) and print (PDF): the ledger, the loan account, repayments, the
repayment plan and the deposit certificate. The screens and the ``gjj export`` command share them.

openpyxl and reportlab are imported only by ``xlsx`` and ``pdf``, when a document is written.
"""
