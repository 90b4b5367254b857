"""Business rules of the mock, one module per area; routes stay thin."""
