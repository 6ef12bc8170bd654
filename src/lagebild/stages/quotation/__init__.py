"""Parts of the quotation stage: language resources, quotation marks, tagger features, frame
rules. The stage itself is ``lagebild.stages.quotes``."""
