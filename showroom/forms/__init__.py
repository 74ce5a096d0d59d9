"""What the showroom's pages read: the catalogue's filters, the company's listing and its
sections, the editors' review and the responses."""
