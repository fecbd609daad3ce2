"""Reporting-cycle pages (secretariat): list, open a year, move the deadline, close, reopen.

The blueprint and its template globals are in blueprint; a year's own pages in year;
closing and reopening it in closing. cycles.register imports them, adding their routes.
"""
