"""The forms of the suggestions' pages, one module per feature. They check the shape of what a
person typed and keep it for the page shown again; the services decide and write.
"""
