"""Every read of OuluHealth Labs, one file per topic; each list reads in a fixed number of
queries, however many rows it shows."""
