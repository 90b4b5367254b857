"""The centre's rules, shared by the client and the mock server alike.

ID numbers (GB 11643-1999), masking, passwords, amounts, bank cards, amortization, loan limits and the
statutory retirement age. Pure functions over the standard library: nothing here imports httpx, pydantic,
Textual or any other part of ``api_client``.
"""
