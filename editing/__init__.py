"""The page editor's saves: overlapping autosave and Save from one form land on one page."""
