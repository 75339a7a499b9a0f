"""The servers the gateway is measured against: the cold floor, the warm floor, the naive one."""
