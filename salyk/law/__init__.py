"""The Tax Code of the Kyrgyz Republic (2008 No. 230) and the Salyk.kg offer as pure, cited code.

Nothing here does I/O beyond reading the packaged parameter files, and nothing here imports
the database, the web framework or any other part of salyk outside ``salyk.law``.
"""
