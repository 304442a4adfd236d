from ninja import Router

router = Router(tags=["Bỏ phiếu"])
