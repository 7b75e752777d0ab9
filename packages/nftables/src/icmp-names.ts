/** nft's ICMP type names (nftables src/proto.c icmp_type_tbl): how `nft` and `nft monitor trace` write types. */
export const ICMP_TYPES: Readonly<Record<string, number>> = {
  "echo-reply": 0,
  "destination-unreachable": 3,
  "source-quench": 4,
  redirect: 5,
  "echo-request": 8,
  "router-advertisement": 9,
  "router-solicitation": 10,
  "time-exceeded": 11,
  "parameter-problem": 12,
  "timestamp-request": 13,
  "timestamp-reply": 14,
  "info-request": 15,
  "info-reply": 16,
  "address-mask-request": 17,
  "address-mask-reply": 18,
};

/** nft prints every ICMP code with the destination-unreachable names (icmp_code_tbl), whatever the type. */
export const ICMP_CODES: Readonly<Record<string, number>> = {
  "net-unreachable": 0,
  "host-unreachable": 1,
  "prot-unreachable": 2,
  "port-unreachable": 3,
  "frag-needed": 4,
  "net-prohibited": 9,
  "host-prohibited": 10,
  "admin-prohibited": 13,
};

/** The name nft lists for each ICMP code number. */
export const ICMP_CODE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(ICMP_CODES).map(([name, code]) => [code, name]),
);
