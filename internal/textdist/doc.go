// Package textdist measures how far apart two short words are, for the
// did-you-mean suggestions of rule ids, configuration keys and YAML tags.
package textdist
