# Tests of the batch (corpus mode) area.
evm_add_cli_test(cli_batch batch/batch_cli.sh)
