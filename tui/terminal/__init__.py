"""The terminal side: the output driver, output compaction, typeahead, colour themes."""
