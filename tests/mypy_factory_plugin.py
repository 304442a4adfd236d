"""mypy plugin: calling a factory_boy factory returns its model.

factory_boy types `Factory.create()`/`build()` as returning the factory's type parameter, but
`BatchFactory(...)` goes through an unannotated `__new__`, so mypy takes the result for a
`BatchFactory` instance. Our factories are declared `DjangoModelFactory[Model]`; this hook makes the
call return `Model` (an unparametrised factory keeps mypy's default).
"""

from collections.abc import Callable

from mypy.maptype import map_instance_to_supertype
from mypy.plugin import FunctionContext, Plugin
from mypy.types import AnyType, Instance, Type, get_proper_type

BASE_FACTORY = "factory.base.BaseFactory"


def _model_of(ctx: FunctionContext) -> Type:
    made = get_proper_type(ctx.default_return_type)
    if not isinstance(made, Instance):
        return ctx.default_return_type
    base = next((info for info in made.type.mro if info.fullname == BASE_FACTORY), None)
    if base is None:
        return ctx.default_return_type
    model = map_instance_to_supertype(made, base).args
    if not model or isinstance(get_proper_type(model[0]), AnyType):
        return ctx.default_return_type
    return model[0]


class FactoryPlugin(Plugin):
    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        symbol = self.lookup_fully_qualified(fullname)
        info = getattr(symbol, "node", None)
        mro = getattr(info, "mro", None)
        if mro and any(base.fullname == BASE_FACTORY for base in mro):
            return _model_of
        return None


def plugin(version: str) -> type[Plugin]:
    return FactoryPlugin
