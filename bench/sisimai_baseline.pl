#!/usr/bin/perl
# The baseline of bench/classify: Sisimai 4.25 (Debian libsisimai-perl), the reference bounce
# analyser, parses the same message files Draftbox classifies. Every file is read into memory
# before the clock starts, so the disk is not measured; then one untimed warm-up round (Sisimai
# loads its MTA modules on first use), then ROUNDS timed rounds of Sisimai->make(\$text) per file
# -- the in-memory form of Sisimai->make($path), which reads one .eml file the same way.
#
#   perl sisimai_baseline.pl [--rounds N] FILE...
#
# Prints one JSON line: {"files", "bytes", "rounds", "seconds" (all timed rounds),
# "files_per_second", "bounce_files" (files with a record other than vacation: a bounce or a
# feedback report), "vacation_files" (files whose only records are vacation, i.e. auto-replies),
# "records", "reasons" ({reason: records}), "peak_rss_mb", "sisimai"}. Exits 1 on failure.
use strict;
use warnings;

use Getopt::Long qw(GetOptions);
use JSON::PP ();
use Sisimai;
use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC);

sub fail { print STDERR "sisimai_baseline: @_\n"; exit 1; }

sub read_file {
    my ($path) = @_;
    open(my $in, '<:raw', $path) or fail("cannot read $path: $!");
    local $/;
    my $text = <$in>;
    close($in);
    return $text // '';
}

# The process's peak resident set in MiB (VmHWM, what getrusage's ru_maxrss reports).
sub peak_rss_mb {
    open(my $in, '<', '/proc/self/status') or return undef;
    while (my $line = <$in>) {
        return $1 / 1024 if $line =~ /^VmHWM:\s+(\d+)\s+kB/;
    }
    return undef;
}

# Parses every text once; returns {bounce_files, vacation_files, records, reasons}.
# Sisimai reports an RFC 3834 auto-reply as a record with reason vacation; Draftbox calls such
# a message an auto_reply, so it is counted apart to keep the two bounce counts comparable.
sub parse_all {
    my ($texts) = @_;
    my %found = (bounce_files => 0, vacation_files => 0, records => 0, reasons => {});
    for my $text (@$texts) {
        my $records = Sisimai->make(\$text) // [];
        next unless @$records;
        my @reasons = map { $_->reason // 'undefined' } @$records;
        $found{ (grep { $_ ne 'vacation' } @reasons) ? 'bounce_files' : 'vacation_files' }++;
        $found{records} += @reasons;
        $found{reasons}{$_}++ for @reasons;
    }
    return \%found;
}

my $rounds = 5;
GetOptions('rounds=i' => \$rounds) or fail('usage: sisimai_baseline.pl [--rounds N] FILE...');
fail('no files given') unless @ARGV;
fail('--rounds must be at least 1') if $rounds < 1;

my @texts = map { read_file($_) } @ARGV;
my $bytes = 0;
$bytes += length($_) for @texts;

my $found = parse_all(\@texts);
my $start = clock_gettime(CLOCK_MONOTONIC);
for my $round (1 .. $rounds) {
    my $records = parse_all(\@texts)->{records};
    fail("round $round found $records records, the warm-up $found->{records}")
        if $records != $found->{records};
}
my $seconds = clock_gettime(CLOCK_MONOTONIC) - $start;

print JSON::PP->new->canonical->encode({
    files            => scalar(@texts),
    bytes            => $bytes,
    rounds           => $rounds,
    seconds          => $seconds,
    files_per_second => $seconds > 0 ? @texts * $rounds / $seconds : 0,
    bounce_files     => $found->{bounce_files},
    vacation_files   => $found->{vacation_files},
    records          => $found->{records},
    reasons          => $found->{reasons},
    peak_rss_mb      => peak_rss_mb(),
    sisimai          => Sisimai->version,
}), "\n";
