#!/usr/bin/perl
# Every link between pages lands on a heading: for each page given, a link
# [text](PAGE.md#ANCHOR) or [text](#ANCHOR) names a heading of that page, by
# the forge's rule for anchors (lower case; punctuation but - and _ removed;
# spaces become -; a repeated heading gets -1, -2...). Links out of the
# repository (http...) and links inside code blocks are not checked.
#
#   tests/linkcheck.pl README.md docs/*.md
#
# Prints FILE:LINE: for each link that leads nowhere, and exits 1 if any.
use strict;
use warnings;
use utf8;
use open qw(:std :utf8);

my %anchors_of; # page => { anchor => 1 }

# The anchors of a page's headings, outside code blocks.
sub anchors {
	my ($page) = @_;
	return $anchors_of{$page} if $anchors_of{$page};
	my (%anchors, %seen);
	my $in_code = 0;
	open(my $fh, '<', $page) or return {};
	while (my $line = <$fh>) {
		if ($line =~ /^ {0,3}```/) { $in_code = !$in_code; next }
		next if $in_code;
		next unless $line =~ /^#{1,6}\s+(.*?)\s*#*\s*$/;
		my $slug = lc $1;
		$slug =~ s/<[^>]+>//g;             # HTML tags go, their text stays
		$slug =~ s/[^\p{L}\p{N}\s_-]//g;   # punctuation, backticks included
		$slug =~ s/ /-/g;
		my $anchor = $seen{$slug} ? "$slug-$seen{$slug}" : $slug;
		$seen{$slug}++;
		$anchors{$anchor} = 1;
	}
	return $anchors_of{$page} = \%anchors;
}

my $bad = 0;
for my $page (@ARGV) {
	open(my $fh, '<', $page) or die "linkcheck: $page: $!\n";
	(my $dir = $page) =~ s{[^/]*$}{};
	my ($in_code, $n) = (0, 0);
	while (my $line = <$fh>) {
		$n++;
		if ($line =~ /^ {0,3}```/) { $in_code = !$in_code; next }
		next if $in_code;
		while ($line =~ /\]\(([^)\s]*?)#([^)\s]+)\)/g) {
			my ($target, $anchor) = ($1, $2);
			next if $target =~ /^[a-z]+:/;
			my $file = $target eq '' ? $page : "$dir$target";
			next unless $file =~ /\.md$/;
			next if anchors($file)->{$anchor};
			print "$page:$n: no heading for $target#$anchor\n";
			$bad = 1;
		}
	}
}
exit $bad;
