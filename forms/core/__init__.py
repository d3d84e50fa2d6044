"""What every area's forms share: cleaned fields, GOV.UK radios, and forms that remember what they were drawn from."""
