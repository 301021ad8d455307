"""Putting the tool on a clerk's computer: the launcher (`launch`, run by assembler.sh / .cmd
before anything is installed, so it imports nothing but the standard library), the offline package
(`bundle`), and the double-click files of an office's folder (`shortcuts`).

May import: `model`, `reading`, `compute`, `writing`, `adoption` (launch: only the standard library).
"""
