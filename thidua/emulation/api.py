from ninja import Router

router = Router(tags=["Giao ước & báo cáo"])
