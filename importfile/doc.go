// Package importfile reads import files: a JSON array of request objects,
// or NDJSON (one object a line). It streams: a splitter cuts the file into
// the raw bytes of its records without decoding them (bounded by
// MaxRecordBytes and MaxDepth, whatever the file), and the records are
// decoded and validated by authz.DecodeRecord, one by one (Decoder) or on
// every core and handed out in file order (ParallelDecoder). An error in
// a record is an *authz.RecordError naming the record and the field.
//
// The format itself (fields, types, limits, import errors) is
// docs/import.md; what a request is and when it is valid is package authz.
package importfile
