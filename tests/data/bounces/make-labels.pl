#!/usr/bin/perl
# Remakes labels.jsonl: what Sisimai 4.25 (Debian's libsisimai-perl) finds in each .eml file of
# this folder, one JSON object per record (a file with several failed recipients has several),
# {"file", "parsed": 0} for a file Sisimai does not take for a bounce; records of delivered
# mail are kept (delivered => 1).
#   perl make-labels.pl [FOLDER] > labels.jsonl
use strict;
use warnings;
use JSON::PP ();
use Sisimai;
use File::Basename qw(dirname);

my $dir = shift // dirname(__FILE__);
my $json = JSON::PP->new->allow_nonref(1);

# One object per line, keys sorted, ", " and ": " between them (the layout of Python's
# json.dumps with sort_keys, which the first labels were written with).
sub line {
    my (%h) = @_;
    return '{' . join(', ', map { $json->encode($_) . ': ' . $json->encode($h{$_}) } sort keys %h)
        . "}\n";
}
opendir(my $dh, $dir) or die "cannot read $dir: $!";
for my $file (sort grep { /\.eml\z/ } readdir($dh)) {
    my $records = Sisimai->make("$dir/$file", delivered => 1) // [];
    if (!@$records) {
        print line(file => $file, parsed => 0);
        next;
    }
    for my $r (@$records) {
        print line(
            file => $file, parsed => 1,
            recipient => $r->recipient->address, reason => $r->reason,
            deliverystatus => $r->deliverystatus, smtpagent => $r->smtpagent,
            softbounce => 0 + $r->softbounce,
        );
    }
}
