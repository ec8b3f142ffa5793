// Tests arrive with the next change.
