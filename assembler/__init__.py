"""年度报告 assembler: department spreadsheets in, a GB/T 9704 annual report out."""

__version__ = "0.1.0"
