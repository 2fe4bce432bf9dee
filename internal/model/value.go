package model

// Loc is where an object or value was written: a position in a file the user
// wrote, or, for live accounts, the resource it was read from.
type Loc struct {
	// File is the path of the source file as the user named it (relative paths stay
	// relative). Empty for live resources.
	File string `json:"file,omitempty" jsonschema:"description=Path of the source file as given to authlint"`
	// Line and Column are 1-based; zero when unknown.
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
	// Pointer is the JSON pointer of the value in the source document (for inline
	// OpenAPI in a template, the pointer inside the template).
	Pointer string `json:"pointer,omitempty"`
	// Resource names the resource the value belongs to when there is no file
	// position: an ARN for live resources.
	Resource string `json:"resource,omitempty"`
}

// IsZero reports whether no location is known.
func (l Loc) IsZero() bool { return l == Loc{} }

// Unknown explains why a value the source sets cannot be known statically.
type Unknown struct {
	// Reason is a short human explanation ("parameter Stage has no default").
	Reason string `json:"reason"`
	// Expr is the source expression, when there is one ("!ImportValue SharedPoolArn").
	Expr string `json:"expr,omitempty"`
	// NonEmpty is true when the value, though unknown, is certainly not empty
	// text (a !Sub with literal text, the id or an attribute of a resource):
	// rules about a property being set still apply.
	NonEmpty bool `json:"nonEmpty,omitempty"`
	// Import is the export name an Fn::ImportValue reads, when the value is
	// exactly that import and the name is known: the workspace step looks for
	// the stack of the same scan that exports it.
	Import string `json:"import,omitempty"`
}

// String is a string property: known (Value), or set but unknown (Unknown).
type String struct {
	Value   *string  `json:"value,omitempty"`
	Unknown *Unknown `json:"unknown,omitempty"`
	Loc     Loc      `json:"loc"`
}

// Bool is a boolean property: known (Value), or set but unknown (Unknown).
type Bool struct {
	Value   *bool    `json:"value,omitempty"`
	Unknown *Unknown `json:"unknown,omitempty"`
	Loc     Loc      `json:"loc"`
}

// Int is an integer property: known (Value), or set but unknown (Unknown).
type Int struct {
	Value   *int64   `json:"value,omitempty"`
	Unknown *Unknown `json:"unknown,omitempty"`
	Loc     Loc      `json:"loc"`
}

// Strings is a list property. Unknown set means the list as a whole cannot be
// known (its length included); single items may also be unknown.
type Strings struct {
	Items   []String `json:"items"`
	Unknown *Unknown `json:"unknown,omitempty"`
	Loc     Loc      `json:"loc"`
}

// Link is a resolved reference to another object of the same inventory.
// Exactly one of Target, Missing and Unknown is set.
type Link struct {
	// Target is the Ref of the linked object.
	Target string `json:"target,omitempty"`
	// Missing is set when the source names an object that does not exist
	// (a !Ref to an undefined logical id, a security scheme that is not declared,
	// a user pool that the live account does not have).
	Missing *Missing `json:"missing,omitempty"`
	// Unknown is set when the target cannot be determined statically.
	Unknown *Unknown `json:"unknown,omitempty"`
	Loc     Loc      `json:"loc"`
}

// Missing describes a reference to an object that does not exist.
type Missing struct {
	// Name is the name the source uses for the target (logical id, scheme name, pool id).
	Name string `json:"name"`
	// Reason says where authlint looked.
	Reason string `json:"reason"`
}

// Known returns a String holding v at loc.
func Known(v string, loc Loc) String { return String{Value: &v, Loc: loc} }

// KnownBool returns a Bool holding v at loc.
func KnownBool(v bool, loc Loc) Bool { return Bool{Value: &v, Loc: loc} }

// KnownInt returns an Int holding v at loc.
func KnownInt(v int64, loc Loc) Int { return Int{Value: &v, Loc: loc} }

// UnknownString returns a String that is set but cannot be known.
func UnknownString(u Unknown, loc Loc) String { return String{Unknown: &u, Loc: loc} }

// KnownStrings returns a Strings of known values, all at loc.
func KnownStrings(loc Loc, vs ...string) Strings {
	s := Strings{Items: make([]String, 0, len(vs)), Loc: loc}
	for _, v := range vs {
		s.Items = append(s.Items, Known(v, loc))
	}
	return s
}

// Get returns the value and whether it is known.
func (s *String) Get() (string, bool) {
	if s == nil || s.Value == nil {
		return "", false
	}
	return *s.Value, true
}

// Get returns the value and whether it is known.
func (b *Bool) Get() (bool, bool) {
	if b == nil || b.Value == nil {
		return false, false
	}
	return *b.Value, true
}

// Get returns the value and whether it is known.
func (i *Int) Get() (int64, bool) {
	if i == nil || i.Value == nil {
		return 0, false
	}
	return *i.Value, true
}

// Values returns the known items, and false if the list or any item is unknown.
func (s *Strings) Values() ([]string, bool) {
	if s == nil {
		return nil, true
	}
	out := make([]string, 0, len(s.Items))
	ok := s.Unknown == nil
	for i := range s.Items {
		v, known := s.Items[i].Get()
		if !known {
			ok = false
			continue
		}
		out = append(out, v)
	}
	return out, ok
}
