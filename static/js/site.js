// newsroom: small progressive enhancements; every feature works without this file.
