"""SpiNNFrontEndCommon's ``interface`` package: only ``ds.DataType`` exists here."""
